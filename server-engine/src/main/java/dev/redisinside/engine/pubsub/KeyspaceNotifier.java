package dev.redisinside.engine.pubsub;

/**
 * Keyspace notifications ({@code notify-keyspace-events}): commands report what they did to which key,
 * and the notifier publishes to {@code __keyspace@<db>__:<key>} and {@code __keyevent@<db>__:<event>}
 * when the configured flags ask for it.
 */
public class KeyspaceNotifier {

    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;

    /** Reports an event of the given type class on a key of database {@code db}. */
    public void notify(int type, String event, byte[] key, int db) {
        // Publishing is added with Pub/Sub; until then no client can subscribe, so nothing is lost.
    }
}
