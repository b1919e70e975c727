package dev.redisinside.engine.conformance;

import dev.redisinside.engine.support.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Records the replies of a real Redis for the case files; runs only when asked:
 * <pre>
 * ./mvnw -pl server-engine test -Dtest=ConformanceRecorder -Dconformance.record=true [-Dconformance.only=strings,keys]
 * </pre>
 * By default it starts a private {@code redis-server} on a free port; {@code -Dconformance.port=N}
 * records against a running Redis instead (which gets FLUSHALLed).
 */
@EnabledIfSystemProperty(named = "conformance.record", matches = "true")
class ConformanceRecorder {

    @Test
    void record() {
        String host = System.getProperty("conformance.host", "127.0.0.1");
        String port = System.getProperty("conformance.port");
        String only = System.getProperty("conformance.only", "");
        List<String> names = only.isBlank() ? List.of() : Arrays.asList(only.split(","));
        RealRedis privateRedis = port == null ? RealRedis.startOrSkip() : null;
        try {
            int p = port == null ? privateRedis.port() : Integer.parseInt(port);
            for (Path file : ConformanceFiles.caseFiles()) {
                String name = file.getFileName().toString().replace(".cases", "");
                if (!names.isEmpty() && !names.contains(name)) {
                    continue;
                }
                List<CaseFile.Step> recorded = CaseRunner.run(host, p, CaseFile.readCases(file));
                CaseFile.writeRecording(ConformanceFiles.recordingOf(file), recorded);
                System.out.println("recorded " + recorded.size() + " commands of " + name);
            }
        } finally {
            if (privateRedis != null) {
                privateRedis.close();
            }
        }
    }
}
