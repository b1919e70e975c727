package dev.redisinside.engine.pubsub;

import dev.redisinside.engine.config.ServerConfig;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications as Redis's notify.c sends them: when the event's class is enabled, the event name
 * is published to {@code __keyspace@<db>__:<key>} (flag K) and the key to {@code __keyevent@<db>__:<event>}
 * (flag E).
 */
public final class PublishingNotifier extends KeyspaceNotifier {

    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);

    private final ServerConfig config;
    private final PubSub pubSub;

    public PublishingNotifier(ServerConfig config, PubSub pubSub) {
        this.config = config;
        this.pubSub = pubSub;
    }

    @Override
    public void notify(int type, String event, byte[] key, int db) {
        int flags = config.notifyKeyspaceEvents;
        if ((flags & type) == 0) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & KEYSPACE) != 0) {
            pubSub.publish(PubSub.Kind.CHANNEL, channel(KEYSPACE_PREFIX, db, key), eventBytes);
        }
        if ((flags & KEYEVENT) != 0) {
            pubSub.publish(PubSub.Kind.CHANNEL, channel(KEYEVENT_PREFIX, db, eventBytes), key);
        }
    }

    private static byte[] channel(byte[] prefix, int db, byte[] suffix) {
        byte[] dbText = (db + "__:").getBytes(StandardCharsets.US_ASCII);
        byte[] name = new byte[prefix.length + dbText.length + suffix.length];
        System.arraycopy(prefix, 0, name, 0, prefix.length);
        System.arraycopy(dbText, 0, name, prefix.length, dbText.length);
        System.arraycopy(suffix, 0, name, prefix.length + dbText.length, suffix.length);
        return name;
    }
}
