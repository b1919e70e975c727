package dev.redisinside.engine.commands;

import dev.redisinside.engine.EmbeddedRedisServer;
import dev.redisinside.engine.server.NettyServer;
import dev.redisinside.engine.server.RedisEngine;

import java.lang.reflect.Field;

/** Reaches the engine behind an embedded server, for tests that set up state no command can yet. */
final class EngineAccess {

    private EngineAccess() {
    }

    static RedisEngine engine(EmbeddedRedisServer server) {
        try {
            Field field = EmbeddedRedisServer.class.getDeclaredField("server");
            field.setAccessible(true);
            return ((NettyServer) field.get(server)).engine();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives an existing key of database 0 a deadline {@code millis} after the server's now. */
    static void expireIn(EmbeddedRedisServer server, String key, long millis) {
        RedisEngine engine = engine(server);
        server.onEngine(() -> {
            var db = engine.database(0);
            db.setExpiry(db.entry(key.getBytes()), engine.clock().millis() + millis);
            return null;
        });
    }
}
