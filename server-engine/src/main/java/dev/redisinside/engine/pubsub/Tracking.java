package dev.redisinside.engine.pubsub;

import dev.redisinside.engine.command.Command;
import dev.redisinside.engine.command.KeyExtractor;
import dev.redisinside.engine.protocol.RespWriter;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Client-side caching (Redis's tracking.c). In the default mode the keys a tracking client reads are
 * remembered (by name, across databases, as Redis does) and the client is told once when one of them
 * changes; in BCAST mode every change under a registered prefix is sent, batched per event-loop turn.
 * Invalidations go as RESP3 {@code invalidate} pushes, or, with REDIRECT to a RESP2 client in Pub/Sub
 * mode, as messages on {@code __redis__:invalidate}.
 */
public final class Tracking {

    private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One client's tracking mode; {@code Client.tracking} is null while tracking is off. */
    public static final class ClientState {
        public final long redirect;
        public final boolean bcast;
        public final boolean optin;
        public final boolean optout;
        public final boolean noloop;
        /** CLIENT CACHING given for the next command (or transaction). */
        public boolean caching;
        public boolean brokenRedirect;
        public final TreeSet<byte[]> prefixes = new TreeSet<>(Arrays::compareUnsigned);

        ClientState(long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop) {
            this.redirect = redirect;
            this.bcast = bcast;
            this.optin = optin;
            this.optout = optout;
            this.noloop = noloop;
        }
    }

    /** A BCAST prefix: its clients and the keys changed under it since the last broadcast. */
    private static final class Prefix {
        final LinkedHashSet<Client> clients = new LinkedHashSet<>();
        /** Changed key to the client that changed it last (for NOLOOP), null when no client did. */
        final TreeMap<byte[], Client> keys = new TreeMap<>(Arrays::compareUnsigned);
    }

    private final RedisEngine engine;
    private final PubSub pubSub;
    private final Map<ByteBuffer, LinkedHashSet<Long>> table = new HashMap<>();
    /** Client ids over all keys of {@link #table} (TrackingTableTotalItems). */
    private long totalItems;
    /** Clients with tracking on (server.tracking_clients): the per-command limit check is skipped without. */
    private int trackingClients;
    /** Calls of {@link #limitUsedSlots} in a row that could not get under the limit: each tries harder. */
    private int limitTimeouts;
    private final TreeMap<byte[], Prefix> prefixTable = new TreeMap<>(Arrays::compareUnsigned);
    /** Invalidations for the running client, sent after its reply; null stands for a flush. */
    private final List<byte[]> pendingSelf = new ArrayList<>();
    private Client pendingClient;
    private boolean broadcastScheduled;

    public Tracking(RedisEngine engine, PubSub pubSub) {
        this.engine = engine;
        this.pubSub = pubSub;
    }

    // ---- mode changes ----

    /** CLIENT TRACKING ON after validation: replaces the flags, adds the BCAST prefixes. */
    public void enable(Client client, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
            List<byte[]> prefixes) {
        ClientState old = client.tracking;
        ClientState state = new ClientState(redirect, bcast, optin, optout, noloop);
        if (old != null) {
            state.prefixes.addAll(old.prefixes);
        } else {
            trackingClients++;
        }
        client.tracking = state;
        if (bcast) {
            if (prefixes.isEmpty()) {
                addPrefix(client, state, new byte[0]);
            }
            for (byte[] prefix : prefixes) {
                addPrefix(client, state, prefix);
            }
        }
    }

    private void addPrefix(Client client, ClientState state, byte[] prefix) {
        Prefix p = prefixTable.computeIfAbsent(prefix.clone(), k -> new Prefix());
        if (p.clients.add(client)) {
            state.prefixes.add(prefix.clone());
        }
    }

    /** CLIENT TRACKING OFF, RESET, disconnection. Keys it read stay remembered, as in Redis. */
    public void disable(Client client) {
        ClientState state = client.tracking;
        if (state == null) {
            return;
        }
        for (byte[] prefix : state.prefixes) {
            Prefix p = prefixTable.get(prefix);
            if (p != null) {
                p.clients.remove(client);
                if (p.clients.isEmpty()) {
                    prefixTable.remove(prefix);
                }
            }
        }
        client.tracking = null;
        trackingClients--;
    }

    public void clientClosed(Client client) {
        disable(client);
        if (pendingClient == client) {
            pendingSelf.clear();
            pendingClient = null;
        }
    }

    /**
     * Redis's checkPrefixCollisionsOrReply: the error when a given prefix overlaps (one is a prefix of the
     * other) an existing prefix of the client or another given prefix, null when none does.
     */
    public String prefixCollision(Client client, List<byte[]> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] given = prefixes.get(i);
            if (client.tracking != null) {
                for (byte[] existing : client.tracking.prefixes) {
                    if (overlap(existing, given)) {
                        return "ERR Prefix '" + text(given) + "' overlaps with an existing prefix '" + text(existing)
                                + "'. Prefixes for a single client must not overlap.";
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(given, prefixes.get(j))) {
                    return "ERR Prefix '" + text(given) + "' overlaps with another provided prefix '"
                            + text(prefixes.get(j)) + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    /** Bytes up to the first NUL, as C's %s prints them. */
    private static String text(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    // ---- remembering reads ----

    /**
     * After a read-only command of a tracking client (call()): remembers the keys it read, found as
     * Redis's getKeysFromCommand finds them, so movable keys (ZUNION, XREAD STREAMS, SINTERCARD...) count.
     * EVAL_RO, EVALSHA_RO and FCALL_RO are left out: their scripts' own reads remember their keys.
     */
    public void commandRead(Client client, Command command, byte[][] argv) {
        ClientState state = client.tracking;
        if (state == null || state.bcast || !command.has(Command.READONLY) || command.has(Command.PUBSUB)) {
            return;
        }
        switch (command.fullName()) {
            case "eval_ro", "evalsha_ro", "fcall_ro" -> {
                return;
            }
            default -> {
            }
        }
        remember(client, state, argv, KeyExtractor.keys(command, argv));
    }

    /**
     * A read-only command run by a script: remembers the keys the script's caller declared (Redis gets
     * them from the caller's EVAL or FCALL, not from the command the script ran).
     */
    public void scriptRead(Client caller, Command callerCommand, byte[][] callerArgv) {
        ClientState state = caller.tracking;
        if (state == null || state.bcast) {
            return;
        }
        remember(caller, state, callerArgv, KeyExtractor.keys(callerCommand, callerArgv));
    }

    /** Redis's trackingRememberKeys. */
    private void remember(Client client, ClientState state, byte[][] argv, List<KeyExtractor.KeyRef> keys) {
        if ((state.optin && !state.caching) || (state.optout && state.caching) || keys == null) {
            return;
        }
        for (KeyExtractor.KeyRef key : keys) {
            LinkedHashSet<Long> ids = table.computeIfAbsent(ByteBuffer.wrap(argv[key.position()].clone()),
                    k -> new LinkedHashSet<>());
            if (ids.add(client.id())) {
                totalItems++;
            }
        }
    }

    /**
     * Redis's trackingLimitUsedSlots, before every command and from the cron: while more keys are remembered
     * than {@code tracking-table-max-keys}, forgets keys (in the table's order, where Redis walks its radix
     * tree at random) and invalidates them as if they had changed; {@code current} is the client about to
     * run a command, which NOLOOP spares. The effort grows with each call that stays over the limit.
     */
    public void limitUsedSlots(Client current) {
        if (trackingClients == 0) {
            return;
        }
        long max = engine.config().trackingTableMaxKeys;
        if (max == 0) {
            return;
        }
        if (table.size() <= max) {
            limitTimeouts = 0;
            return;
        }
        int effort = 100 * (limitTimeouts + 1);
        java.util.Iterator<Map.Entry<ByteBuffer, LinkedHashSet<Long>>> it = table.entrySet().iterator();
        while (effort > 0 && it.hasNext()) {
            effort--;
            Map.Entry<ByteBuffer, LinkedHashSet<Long>> entry = it.next();
            it.remove();
            totalItems -= entry.getValue().size();
            byte[] key = new byte[entry.getKey().remaining()];
            entry.getKey().duplicate().get(key);
            invalidate(key, entry.getValue(), current, false);
            if (table.size() <= max) {
                limitTimeouts = 0;
                return;
            }
        }
        limitTimeouts++;
    }

    /**
     * After a top-level command (Redis's resetClient and afterCommand): sends the invalidations the client
     * caused for itself after its reply, and forgets CLIENT CACHING unless the command was a CLIENT
     * subcommand or the client is queueing a transaction.
     */
    public void afterCommand(Client client, Command command) {
        if (pendingClient == client) {
            List<byte[]> keys = new ArrayList<>(pendingSelf);
            pendingSelf.clear();
            pendingClient = null;
            for (byte[] key : keys) {
                if (key == null) {
                    send(client, client.protocol() == 2 ? NULL2 : NULL3);
                } else {
                    send(client, keyArray(key));
                }
            }
        }
        ClientState state = client.tracking;
        if (state != null && state.caching && !client.inMulti()
                && (command == null || !command.fullName().startsWith("client|"))) {
            state.caching = false;
        }
    }

    // ---- invalidation ----

    /** A key was modified (signalModifiedKey): tells the clients that read it, and BCAST prefixes. */
    public void keyModified(byte[] key, Client current) {
        if (!prefixTable.isEmpty()) {
            rememberForBroadcast(key, current);
        }
        if (table.isEmpty()) {
            return;
        }
        LinkedHashSet<Long> ids = table.remove(ByteBuffer.wrap(key));
        if (ids == null) {
            return;
        }
        totalItems -= ids.size();
        invalidate(key, ids, current, true);
    }

    /**
     * Redis's trackingInvalidateKey for the clients that read the key: NOLOOP spares the current client;
     * for a running command ({@code inCommand}) the current client hears of it after its reply.
     */
    private void invalidate(byte[] key, LinkedHashSet<Long> ids, Client current, boolean inCommand) {
        for (long id : ids) {
            Client target = engine.client(id);
            if (target == null || target.tracking == null || target.tracking.bcast) {
                continue;
            }
            if (target == current && target.tracking.noloop) {
                continue;
            }
            if (target == current && inCommand) {
                deferSelf(target, key.clone());
            } else {
                send(target, keyArray(key));
            }
        }
    }

    /** FLUSHDB / FLUSHALL: every tracking client gets a null invalidation; the table is emptied. */
    public void flushed(Client current) {
        for (Client client : new ArrayList<>(engine.clients())) {
            if (client.tracking == null) {
                continue;
            }
            if (client == current) {
                deferSelf(client, null);
            } else {
                send(client, client.protocol() == 2 ? NULL2 : NULL3);
            }
        }
        table.clear();
        totalItems = 0;
    }

    private void deferSelf(Client client, byte[] key) {
        if (pendingClient != client) {
            pendingSelf.clear();
            pendingClient = client;
        }
        pendingSelf.add(key);
    }

    private void rememberForBroadcast(byte[] key, Client current) {
        boolean any = false;
        for (Map.Entry<byte[], Prefix> e : prefixTable.entrySet()) {
            byte[] prefix = e.getKey();
            if (prefix.length <= key.length && Arrays.equals(prefix, 0, prefix.length, key, 0, prefix.length)) {
                e.getValue().keys.put(key.clone(), current);
                any = true;
            }
        }
        if (any && !broadcastScheduled && engine.loop() != null) {
            broadcastScheduled = true;
            engine.loop().execute(this::broadcast);
        }
    }

    /** Redis's trackingBroadcastInvalidationMessages (run in beforeSleep there, after the batch here). */
    void broadcast() {
        broadcastScheduled = false;
        for (Prefix prefix : new ArrayList<>(prefixTable.values())) {
            if (prefix.keys.isEmpty()) {
                continue;
            }
            byte[] all = keysArray(prefix.keys, null);
            for (Client client : new ArrayList<>(prefix.clients)) {
                if (client.tracking != null && client.tracking.noloop) {
                    byte[] own = keysArray(prefix.keys, client);
                    if (own != null) {
                        send(client, own);
                    }
                } else {
                    send(client, all);
                }
            }
            prefix.keys.clear();
        }
        engine.flushPending();
    }

    private static byte[] keysArray(TreeMap<byte[], Client> keys, Client excluded) {
        int count = 0;
        for (Client changedBy : keys.values()) {
            if (excluded == null || changedBy != excluded) {
                count++;
            }
        }
        if (excluded != null && count == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + count + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<byte[], Client> e : keys.entrySet()) {
            if (excluded == null || e.getValue() != excluded) {
                bulk(out, e.getKey());
            }
        }
        return out.toByteArray();
    }

    private static byte[] keyArray(byte[] key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(key.length + 16);
        out.writeBytes("*1\r\n".getBytes(StandardCharsets.US_ASCII));
        bulk(out, key);
        return out.toByteArray();
    }

    private static void bulk(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.writeBytes(new byte[] {'\r', '\n'});
    }

    /** Redis's sendTrackingMessage: to the client, or to its redirection target. */
    private void send(Client client, byte[] keysResp) {
        ClientState state = client.tracking;
        Client target = client;
        boolean redirected = false;
        if (state != null && state.redirect != 0) {
            Client redirect = engine.client(state.redirect);
            if (redirect == null) {
                state.brokenRedirect = true;
                if (client.protocol() > 2) {
                    RespWriter out = client.asyncOut();
                    int start = client.pushStart();
                    out.push(2);
                    out.bulk(REDIR_BROKEN);
                    out.integer(state.redirect);
                    client.pushed(start);
                }
                return;
            }
            target = redirect;
            redirected = true;
        }
        if (target.protocol() > 2) {
            RespWriter out = target.asyncOut();
            int start = target.pushStart();
            out.push(2);
            out.bulk(INVALIDATE);
            out.raw(keysResp);
            target.pushed(start);
            pubSub.enforceOutputLimit(target);
        } else if (redirected && target.subscriptions > 0) {
            pubSub.sendInvalidation(target, CHANNEL, keysResp);
        }
    }

    /** Clients with tracking on, for INFO's tracking_clients. */
    public int trackingClients() {
        return trackingClients;
    }

    /** Keys remembered for clients in default mode, for INFO's tracking_total_keys. */
    public int trackedKeys() {
        return table.size();
    }

    /** Client ids remembered over all keys, for INFO's tracking_total_items. */
    public long trackedItems() {
        return totalItems;
    }

    public int prefixCount() {
        return prefixTable.size();
    }
}
