package dev.redisinside.engine.pubsub;

import dev.redisinside.engine.command.GlobMatcher;
import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.protocol.RespWriter;
import dev.redisinside.engine.server.Client;
import dev.redisinside.engine.server.RedisEngine;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channels, patterns and shard channels (Redis's pubsub.c): who is subscribed to what, the subscribe and
 * unsubscribe confirmations, and delivery of messages. Messages to other clients go to their output with a
 * flush scheduled; a subscriber that does not read is disconnected past {@code client-output-buffer-limit
 * pubsub}, as Redis does, so it cannot make the server buffer without bound.
 */
public final class PubSub {

    private static final Logger log = LoggerFactory.getLogger(PubSub.class);

    private static final byte[] MESSAGE = bytes("message");
    private static final byte[] PMESSAGE = bytes("pmessage");
    private static final byte[] SMESSAGE = bytes("smessage");
    private static final byte[] PSUBSCRIBE = bytes("psubscribe");
    private static final byte[] PUNSUBSCRIBE = bytes("punsubscribe");

    /** The two kinds of channel subscriptions; patterns are handled on their own. */
    public enum Kind {
        CHANNEL("subscribe", "unsubscribe", MESSAGE),
        SHARD("ssubscribe", "sunsubscribe", SMESSAGE);

        final byte[] subscribe;
        final byte[] unsubscribe;
        final byte[] message;

        Kind(String subscribe, String unsubscribe, byte[] message) {
            this.subscribe = bytes(subscribe);
            this.unsubscribe = bytes(unsubscribe);
            this.message = message;
        }
    }

    /** One client's subscriptions, in subscription order. */
    private static final class Subscriptions {
        final LinkedHashSet<ByteBuffer> channels = new LinkedHashSet<>();
        final LinkedHashSet<ByteBuffer> shardChannels = new LinkedHashSet<>();
        final LinkedHashSet<ByteBuffer> patterns = new LinkedHashSet<>();

        Set<ByteBuffer> of(Kind kind) {
            return kind == Kind.CHANNEL ? channels : shardChannels;
        }

        /** Redis's clientSubscriptionsCount (channels and patterns) or the shard count. */
        int count(Kind kind) {
            return kind == Kind.CHANNEL ? channels.size() + patterns.size() : shardChannels.size();
        }

        int total() {
            return channels.size() + patterns.size() + shardChannels.size();
        }
    }

    private final RedisEngine engine;
    private final Map<ByteBuffer, LinkedHashSet<Client>> channels = new LinkedHashMap<>();
    private final Map<ByteBuffer, LinkedHashSet<Client>> shardChannels = new LinkedHashMap<>();
    private final Map<ByteBuffer, LinkedHashSet<Client>> patterns = new LinkedHashMap<>();
    private final Map<Client, Subscriptions> byClient = new IdentityHashMap<>();

    public PubSub(RedisEngine engine) {
        this.engine = engine;
    }

    private Map<ByteBuffer, LinkedHashSet<Client>> table(Kind kind) {
        return kind == Kind.CHANNEL ? channels : shardChannels;
    }

    private Subscriptions subscriptions(Client client) {
        return byClient.computeIfAbsent(client, c -> new Subscriptions());
    }

    private static ByteBuffer key(byte[] name) {
        return ByteBuffer.wrap(name);
    }

    private static byte[] array(ByteBuffer key) {
        return key.array();
    }

    // ---- subscribing ----

    /** SUBSCRIBE / SSUBSCRIBE of one channel, with its confirmation. */
    public void subscribe(Client client, Kind kind, byte[] channel, Reply out) {
        Subscriptions subs = subscriptions(client);
        ByteBuffer name = key(channel.clone());
        if (subs.of(kind).add(name)) {
            table(kind).computeIfAbsent(name, k -> new LinkedHashSet<>()).add(client);
        }
        client.subscriptions = subs.total();
        confirmation(client, out, kind.subscribe, channel, subs.count(kind));
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE of one channel, with its confirmation. */
    public void unsubscribe(Client client, Kind kind, byte[] channel, Reply out) {
        Subscriptions subs = byClient.get(client);
        ByteBuffer name = key(channel);
        if (subs != null && subs.of(kind).remove(name)) {
            removeFrom(table(kind), name, client);
        }
        finish(client, subs);
        confirmation(client, out, kind.unsubscribe, channel, subs == null ? 0 : subs.count(kind));
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE without arguments: every channel of the kind, or one reply with a null. */
    public void unsubscribeAll(Client client, Kind kind, Reply out) {
        Subscriptions subs = byClient.get(client);
        List<ByteBuffer> names = subs == null ? List.of() : new ArrayList<>(subs.of(kind));
        if (names.isEmpty()) {
            confirmation(client, out, kind.unsubscribe, null, subs == null ? 0 : subs.count(kind));
            return;
        }
        for (ByteBuffer name : names) {
            unsubscribe(client, kind, array(name), out);
        }
    }

    public void psubscribe(Client client, byte[] pattern, Reply out) {
        Subscriptions subs = subscriptions(client);
        ByteBuffer name = key(pattern.clone());
        if (subs.patterns.add(name)) {
            patterns.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(client);
        }
        client.subscriptions = subs.total();
        confirmation(client, out, PSUBSCRIBE, pattern, subs.count(Kind.CHANNEL));
    }

    public void punsubscribe(Client client, byte[] pattern, Reply out) {
        Subscriptions subs = byClient.get(client);
        ByteBuffer name = key(pattern);
        if (subs != null && subs.patterns.remove(name)) {
            removeFrom(patterns, name, client);
        }
        finish(client, subs);
        confirmation(client, out, PUNSUBSCRIBE, pattern, subs == null ? 0 : subs.count(Kind.CHANNEL));
    }

    public void punsubscribeAll(Client client, Reply out) {
        Subscriptions subs = byClient.get(client);
        List<ByteBuffer> names = subs == null ? List.of() : new ArrayList<>(subs.patterns);
        if (names.isEmpty()) {
            confirmation(client, out, PUNSUBSCRIBE, null, subs == null ? 0 : subs.count(Kind.CHANNEL));
            return;
        }
        for (ByteBuffer name : names) {
            punsubscribe(client, array(name), out);
        }
    }

    /** Drops every subscription without replies (connection closed, RESET, output limit reached). */
    public void clientClosed(Client client) {
        Subscriptions subs = byClient.remove(client);
        client.subscriptions = 0;
        if (subs == null) {
            return;
        }
        subs.channels.forEach(name -> removeFrom(channels, name, client));
        subs.shardChannels.forEach(name -> removeFrom(shardChannels, name, client));
        subs.patterns.forEach(name -> removeFrom(patterns, name, client));
    }

    private void finish(Client client, Subscriptions subs) {
        if (subs == null) {
            return;
        }
        client.subscriptions = subs.total();
        if (subs.total() == 0) {
            byClient.remove(client);
        }
    }

    private static void removeFrom(Map<ByteBuffer, LinkedHashSet<Client>> table, ByteBuffer name, Client client) {
        LinkedHashSet<Client> clients = table.get(name);
        if (clients != null) {
            clients.remove(client);
            if (clients.isEmpty()) {
                table.remove(name);
            }
        }
    }

    private static void confirmation(Client client, Reply out, byte[] kind, byte[] name, long count) {
        int start = client.pushStart();
        out.push(3);
        out.bulk(kind);
        if (name == null) {
            out.nullBulk();
        } else {
            out.bulk(name);
        }
        out.integer(count);
        client.pushed(start);
    }

    // ---- publishing ----

    /** PUBLISH / SPUBLISH: delivers the message and returns the number of receivers. */
    public int publish(Kind kind, byte[] channel, byte[] message) {
        int receivers = 0;
        LinkedHashSet<Client> direct = table(kind).get(key(channel));
        if (direct != null) {
            for (Client client : new ArrayList<>(direct)) {
                RespWriter out = client.asyncOut();
                int start = client.pushStart();
                out.push(3);
                out.bulk(kind.message);
                out.bulk(channel);
                out.bulk(message);
                client.pushed(start);
                receivers++;
                enforceOutputLimit(client);
            }
        }
        if (kind == Kind.SHARD || patterns.isEmpty()) {
            return receivers;
        }
        for (Map.Entry<ByteBuffer, LinkedHashSet<Client>> e : new ArrayList<>(patterns.entrySet())) {
            byte[] pattern = array(e.getKey());
            if (!GlobMatcher.matches(pattern, channel)) {
                continue;
            }
            for (Client client : new ArrayList<>(e.getValue())) {
                RespWriter out = client.asyncOut();
                int start = client.pushStart();
                out.push(4);
                out.bulk(PMESSAGE);
                out.bulk(pattern);
                out.bulk(channel);
                out.bulk(message);
                client.pushed(start);
                receivers++;
                enforceOutputLimit(client);
            }
        }
        return receivers;
    }

    /**
     * The message a tracking redirection sends to a RESP2 subscriber: {@code message}, the channel, then
     * the keys (already RESP) in place of the payload.
     */
    public void sendInvalidation(Client client, byte[] channel, byte[] keysResp) {
        RespWriter out = client.asyncOut();
        int start = client.pushStart();
        out.push(3);
        out.bulk(MESSAGE);
        out.bulk(channel);
        out.raw(keysResp);
        client.pushed(start);
        enforceOutputLimit(client);
    }

    // ---- introspection (PUBSUB) ----

    public List<byte[]> channels(Kind kind, byte[] pattern) {
        List<byte[]> result = new ArrayList<>();
        for (ByteBuffer name : table(kind).keySet()) {
            byte[] bytes = array(name);
            if (pattern == null || GlobMatcher.matches(pattern, bytes)) {
                result.add(bytes);
            }
        }
        return result;
    }

    public int subscriberCount(Kind kind, byte[] channel) {
        LinkedHashSet<Client> clients = table(kind).get(key(channel));
        return clients == null ? 0 : clients.size();
    }

    /** PUBSUB NUMPAT and INFO's pubsub_patterns: distinct patterns with subscribers. */
    public int patternCount() {
        return patterns.size();
    }

    /** INFO's pubsub_channels / pubsubshard_channels: channels with subscribers. */
    public int channelCount(Kind kind) {
        return table(kind).size();
    }

    /** Which of a client's subscriptions {@link #subscribed} lists. */
    public enum Subscribed { CHANNELS, PATTERNS, SHARD_CHANNELS }

    /** The client's channels, patterns or shard channels, for ACL rule changes that revoke them. */
    public List<byte[]> subscribed(Client client, Subscribed which) {
        Subscriptions subs = byClient.get(client);
        if (subs == null) {
            return List.of();
        }
        Set<ByteBuffer> names = switch (which) {
            case CHANNELS -> subs.channels;
            case PATTERNS -> subs.patterns;
            case SHARD_CHANNELS -> subs.shardChannels;
        };
        List<byte[]> list = new ArrayList<>();
        names.forEach(name -> list.add(array(name)));
        return list;
    }

    /** Channel and pattern subscriptions of the client, for CLIENT LIST's sub/psub/ssub. */
    public int[] counts(Client client) {
        Subscriptions subs = byClient.get(client);
        return subs == null ? new int[3]
                : new int[] {subs.channels.size(), subs.patterns.size(), subs.shardChannels.size()};
    }

    // ---- output buffer limits ----

    /**
     * Redis's closeClientOnOutputBufferLimitReached for a client that was just sent a message, and for
     * every client from the cron (so a subscriber left over the soft limit is closed once its seconds
     * pass even when nothing more is published): counts what waits in our buffer and in Netty's outbound
     * buffer, closes the client past the hard limit or after staying over the soft limit for longer than
     * the configured seconds. Nothing waiting leaves the soft-limit clock alone, as in Redis.
     */
    public void enforceOutputLimit(Client client) {
        ServerConfig.OutputBufferLimit limit = engine.config().outputBufferLimit(
                client.subscriptions > 0 ? ServerConfig.ClientClass.PUBSUB : ServerConfig.ClientClass.NORMAL);
        if (limit.hardBytes() == 0 && limit.softBytes() == 0) {
            return;
        }
        Channel channel = client.channel();
        if (channel == null) {
            return;
        }
        long used = client.pendingBytes();
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        if (outbound != null) {
            used += outbound.totalPendingWriteBytes();
        }
        if (used == 0 || !client.isOpen()) {
            return;
        }
        boolean hard = limit.hardBytes() != 0 && used >= limit.hardBytes();
        boolean soft = false;
        if (limit.softBytes() != 0 && used >= limit.softBytes()) {
            long nowSeconds = engine.clock().millis() / 1000;
            if (client.outputSoftLimitSince == 0) {
                client.outputSoftLimitSince = nowSeconds;
            } else {
                soft = nowSeconds - client.outputSoftLimitSince > limit.softSeconds();
            }
        } else {
            client.outputSoftLimitSince = 0;
        }
        if (hard || soft) {
            log.warn("Client id={} addr={} closed for overcoming of output buffer limits.", client.id(),
                    client.address());
            clientClosed(client);
            engine.tracking().clientClosed(client);
            client.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
