package dev.redisinside.engine.conformance;

import dev.redisinside.engine.support.RealRedis;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the recordings honest: runs every case file against a fresh real Redis and checks that it
 * still answers exactly what was recorded (so a recording can't be edited by hand or go stale, and
 * non-deterministic cases are caught). Skipped without redis-server, mandatory in CI.
 */
class ConformanceLiveTest {

    @Test
    void recordingsAreWhatRealRedisAnswers() {
        try (RealRedis redis = RealRedis.startOrSkip()) {
            List<String> stale = new ArrayList<>();
            for (Path file : ConformanceFiles.caseFiles()) {
                List<CaseFile.Step> recorded = CaseFile.readRecording(ConformanceFiles.recordingOf(file));
                List<CaseFile.Step> live = CaseRunner.run("127.0.0.1", redis.port(), recorded);
                for (int i = 0; i < recorded.size(); i++) {
                    CaseFile.Step r = recorded.get(i);
                    CaseFile.Step l = live.get(i);
                    if (!same(r, r.resp2(), l.resp2()) || !same(r, r.resp3(), l.resp3())) {
                        stale.add(file.getFileName() + " line " + r.lineNumber() + ": " + r.line());
                    }
                }
            }
            if (!stale.isEmpty()) {
                fail("Recordings differ from a live Redis (re-record, or make the case deterministic):\n"
                        + String.join("\n", stale));
            }
        }
    }

    private static boolean same(CaseFile.Step step, byte[] recorded, byte[] live) {
        if (step.unordered()) {
            return Arrays.equals(RespFrames.canonical(recorded), RespFrames.canonical(live));
        }
        return Arrays.equals(recorded, live);
    }
}
