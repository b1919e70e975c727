package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.RedisStream;
import dev.redisinside.engine.store.StreamId;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Clients parked by XREAD/XREADGROUP BLOCK: a FIFO of waiters per database and key, served after a
 * write signals the key (in the engine task after the writing command, as Redis serves ready keys
 * after the command), or answered with a null reply when their deadline on the server clock passes
 * (a short periodic check, so that a fast-forwarded clock releases them too).
 */
final class StreamBlocking {

    /** How often deadlines are checked against the server clock while clients are blocked. */
    private static final long CHECK_INTERVAL_MILLIS = 10;

    private final StreamCommands commands;
    private final Map<Integer, Map<ByteBuffer, List<Waiter>>> waiting = new HashMap<>();
    private final List<Waiter> all = new ArrayList<>();
    private final Set<ReadyKey> ready = new LinkedHashSet<>();
    private boolean serveScheduled;
    private ScheduledFuture<?> timer;

    private record ReadyKey(int db, ByteBuffer key) {
    }

    private static final class Waiter {
        final Client client;
        final int db;
        final byte[][] keys;
        final StreamId[] ids;
        final long count;
        final byte[] group;
        final byte[] consumer;
        final boolean noack;
        /** Server-clock deadline, 0 for none. */
        final long deadline;

        Waiter(Client client, int db, byte[][] keys, StreamId[] ids, long count, byte[] group, byte[] consumer,
               boolean noack, long deadline) {
            this.client = client;
            this.db = db;
            this.keys = keys;
            this.ids = ids;
            this.count = count;
            this.group = group;
            this.consumer = consumer;
            this.noack = noack;
            this.deadline = deadline;
        }

        boolean connected() {
            return client.channel() == null || client.channel().isActive();
        }
    }

    StreamBlocking(StreamCommands commands) {
        this.commands = commands;
    }

    void block(Context ctx, byte[][] keys, StreamId[] ids, long count, byte[] group, byte[] consumer, boolean noack,
               long deadline) {
        Client client = ctx.client();
        Waiter waiter = new Waiter(client, client.db, keys, ids, count, group, consumer, noack, deadline);
        client.blocked = true;
        Map<ByteBuffer, List<Waiter>> byKey = waiting.computeIfAbsent(client.db, db -> new HashMap<>());
        for (byte[] key : keys) {
            List<Waiter> list = byKey.computeIfAbsent(ByteBuffer.wrap(key), k -> new ArrayList<>());
            if (!list.contains(waiter)) {
                list.add(waiter);
            }
        }
        all.add(waiter);
        startTimer(ctx.engine());
    }

    /** A stream key got new data (or lost a group): blocked readers get a chance after this command. */
    void signal(Context ctx, byte[] key) {
        int db = ctx.client().db;
        Map<ByteBuffer, List<Waiter>> byKey = waiting.get(db);
        if (byKey == null || !byKey.containsKey(ByteBuffer.wrap(key))) {
            return;
        }
        ready.add(new ReadyKey(db, ByteBuffer.wrap(key.clone())));
        RedisEngine engine = ctx.engine();
        if (!serveScheduled) {
            serveScheduled = true;
            if (engine.loop() == null) {
                serveReady(engine);
            } else {
                engine.loop().execute(() -> serveReady(engine));
            }
        }
    }

    private void serveReady(RedisEngine engine) {
        serveScheduled = false;
        while (!ready.isEmpty()) {
            ReadyKey readyKey = ready.iterator().next();
            ready.remove(readyKey);
            Map<ByteBuffer, List<Waiter>> byKey = waiting.get(readyKey.db());
            List<Waiter> list = byKey == null ? null : byKey.get(readyKey.key());
            if (list == null) {
                continue;
            }
            byte[] key = new byte[readyKey.key().remaining()];
            readyKey.key().duplicate().get(key);
            for (Waiter waiter : new ArrayList<>(list)) {
                if (!all.contains(waiter)) {
                    continue;
                }
                if (!waiter.connected()) {
                    remove(waiter);
                    continue;
                }
                engine.freezeTime();
                try {
                    serve(waiter, key);
                } finally {
                    engine.unfreezeTime();
                }
            }
        }
    }

    private void serve(Waiter waiter, byte[] key) {
        Context ctx = waiter.client.context();
        Object value = ctx.db().get(key);
        if (!(value instanceof RedisStream stream)) {
            return;
        }
        if (waiter.group != null && stream.group(waiter.group) == null) {
            finish(waiter, out -> out.error("NOGROUP the consumer group this client was blocked on no longer exists"));
            return;
        }
        StreamId after = StreamId.MIN;
        for (int i = 0; i < waiter.keys.length; i++) {
            if (java.util.Arrays.equals(waiter.keys[i], key)) {
                after = waiter.ids[i];
                break;
            }
        }
        StreamCommands.Served served = commands.serve(ctx, key, stream, after, waiter.count, waiter.group,
                waiter.consumer, waiter.noack, true);
        if (served != null) {
            finish(waiter, out -> StreamCommands.writeServed(out, List.of(served)));
        }
    }

    private void finish(Waiter waiter, java.util.function.Consumer<Reply> reply) {
        remove(waiter);
        reply.accept(waiter.client.asyncOut());
        waiter.client.unblock();
    }

    private void remove(Waiter waiter) {
        all.remove(waiter);
        Map<ByteBuffer, List<Waiter>> byKey = waiting.get(waiter.db);
        if (byKey != null) {
            for (byte[] key : waiter.keys) {
                ByteBuffer k = ByteBuffer.wrap(key);
                List<Waiter> list = byKey.get(k);
                if (list != null) {
                    list.remove(waiter);
                    if (list.isEmpty()) {
                        byKey.remove(k);
                    }
                }
            }
            if (byKey.isEmpty()) {
                waiting.remove(waiter.db);
            }
        }
    }

    private void startTimer(RedisEngine engine) {
        if (timer != null || engine.loop() == null) {
            return;
        }
        timer = engine.loop().scheduleAtFixedRate(() -> checkTimeouts(engine), CHECK_INTERVAL_MILLIS,
                CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void checkTimeouts(RedisEngine engine) {
        long now = engine.clock().millis();
        for (Waiter waiter : new ArrayList<>(all)) {
            if (!waiter.connected()) {
                remove(waiter);
            } else if (waiter.deadline != 0 && now >= waiter.deadline) {
                finish(waiter, Reply::nullArray);
            }
        }
        if (all.isEmpty() && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
