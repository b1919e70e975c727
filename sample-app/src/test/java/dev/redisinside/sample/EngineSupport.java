package dev.redisinside.sample;

import java.util.List;

import dev.redisinside.engine.EmbeddedRedisServer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips a test whose Redis commands the engine does not implement yet (they are being added group by group). */
final class EngineSupport {

    private EngineSupport() {
    }

    static void assumeCommands(EmbeddedRedisServer server, String... commands) {
        String[] argv = new String[commands.length + 2];
        argv[0] = "COMMAND";
        argv[1] = "INFO";
        System.arraycopy(commands, 0, argv, 2, commands.length);
        List<?> info = (List<?>) server.execute(argv);
        for (int i = 0; i < commands.length; i++) {
            assumeTrue(info.get(i) != null, "the embedded server does not implement " + commands[i] + " yet");
        }
    }
}
