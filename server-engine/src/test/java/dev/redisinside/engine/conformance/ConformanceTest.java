package dev.redisinside.engine.conformance;

import dev.redisinside.engine.EmbeddedRedisServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Replays every recorded case against our server and compares the reply bytes with what the real
 * Redis answered. Needs no Redis: the recordings are committed.
 */
class ConformanceTest {

    @TestFactory
    Stream<DynamicTest> everyRecordedCommandRepliesLikeRedis() {
        return ConformanceFiles.caseFiles().stream().map(file -> DynamicTest.dynamicTest(
                file.getFileName().toString(), () -> replay(ConformanceFiles.recordingOf(file))));
    }

    @Test
    void everyCaseFileIsRecordedWithItsCurrentCommands() {
        for (Path file : ConformanceFiles.caseFiles()) {
            Path recording = ConformanceFiles.recordingOf(file);
            assertThat(recording).as("recording of " + file.getFileName() + " (run ConformanceRecorder)").exists();
            List<String> cases = CaseFile.readCases(file).stream().map(CaseFile.Step::line).toList();
            List<String> recorded = CaseFile.readRecording(recording).stream().map(CaseFile.Step::line).toList();
            assertThat(recorded).as("commands recorded for " + file.getFileName() + " (re-record)").isEqualTo(cases);
        }
    }

    private static void replay(Path recording) {
        List<CaseFile.Step> expected = CaseFile.readRecording(recording);
        try (EmbeddedRedisServer server = EmbeddedRedisServer.builder().port(0).build().start()) {
            List<CaseFile.Step> actual = CaseRunner.run("127.0.0.1", server.port(), expected);
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                compare(expected.get(i), actual.get(i), mismatches);
            }
            if (!mismatches.isEmpty()) {
                fail(mismatches.size() + " of " + 2 * expected.size() + " replies differ from Redis in "
                        + recording.getFileName() + ":\n" + String.join("\n", mismatches));
            }
        }
    }

    private static void compare(CaseFile.Step expected, CaseFile.Step actual, List<String> mismatches) {
        check(expected, 2, expected.resp2(), actual.resp2(), mismatches);
        check(expected, 3, expected.resp3(), actual.resp3(), mismatches);
    }

    private static void check(CaseFile.Step step, int protocol, byte[] expected, byte[] actual, List<String> mismatches) {
        byte[] e = step.unordered() ? RespFrames.canonical(expected) : expected;
        byte[] a = step.unordered() ? RespFrames.canonical(actual) : actual;
        if (!Arrays.equals(e, a)) {
            mismatches.add("  line " + step.lineNumber() + " RESP" + protocol + " `" + step.line() + "`\n"
                    + "    redis: " + Escapes.escape(expected) + "\n"
                    + "    ours:  " + Escapes.escape(actual));
        }
    }
}
