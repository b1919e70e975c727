package dev.redisinside.engine.commands;

import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.RequestDecoder;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.RedisValue;
import dev.redisinside.engine.time.ServerClock;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine without a network, driven from the test thread, for what a client cannot see yet:
 * keyspace notifications as the commands report them, and the encodings behind OBJECT ENCODING.
 */
final class DirectEngine {

    final ServerConfig config = new ServerConfig();
    final RedisEngine engine = new RedisEngine(config, new ServerClock());
    /** Events as {@code "event:key"}, in the order the commands reported them. */
    final List<String> events = new ArrayList<>();
    private final Client client = engine.internalClient();

    DirectEngine() {
        engine.notifications(new KeyspaceNotifier() {
            @Override
            public void notify(int type, String event, byte[] key, int db) {
                if (type == dev.redisinside.engine.pubsub.KeyspaceNotifier.NEW) {
                    return; // "new" has its own flag ('n', not in 'A'); these tests follow the others
                }
                events.add(event + ":" + new String(key, StandardCharsets.ISO_8859_1));
            }
        });
    }

    /** Runs a command (redis-cli syntax) and returns the reply text. */
    String run(String command) {
        byte[][] argv = RequestDecoder.splitArgs(command.getBytes(StandardCharsets.ISO_8859_1));
        engine.dispatcher().execute(client, argv);
        ByteBuf out = client.out().target();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The encoding OBJECT ENCODING would report for the key. */
    String encoding(String key) {
        Object value = engine.database(0).get(key.getBytes(StandardCharsets.ISO_8859_1));
        return ((RedisValue) value).encoding(config);
    }

    RedisValue value(String key) {
        return (RedisValue) engine.database(0).get(key.getBytes(StandardCharsets.ISO_8859_1));
    }
}
