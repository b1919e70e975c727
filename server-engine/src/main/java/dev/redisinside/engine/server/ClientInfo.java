package dev.redisinside.engine.server;

/** Redis's catClientInfoString: the CLIENT LIST / CLIENT INFO line, also kept in ACL LOG entries. */
public final class ClientInfo {

    private ClientInfo() {
    }

    /**
     * One CLIENT LIST line in Redis 7.0's field order. Buffer and memory fields are plausible figures of
     * the same size as Redis's, since the JVM has no per-connection allocator accounting. {@code argv} is
     * the request being served when the line describes the client running it (CLIENT INFO, the ACL log),
     * null for other clients.
     */
    public static String line(RedisEngine engine, Client client, byte[][] argv) {
        StringBuilder text = new StringBuilder();
        boolean self = argv != null;
        long nowSeconds = engine.clock().millis() / 1000;
        int argvMem = 0;
        int queryBuffer = 0;
        if (self) {
            // the request as RESP: *<argc>\r\n, then $<len>\r\n<arg>\r\n per argument
            for (byte[] arg : argv) {
                argvMem += arg.length;
                queryBuffer += arg.length + digits(arg.length) + 5;
            }
            queryBuffer += digits(argv.length) + 3;
        }
        int queued = client.inMulti() ? client.multiQueue.size() : -1;
        long multiMem = 0;
        if (client.inMulti()) {
            for (byte[][] queuedArgv : client.multiQueue) {
                for (byte[] arg : queuedArgv) {
                    multiMem += arg.length;
                }
            }
        }
        int[] subscriptions = engine.pubSub().counts(client);
        int outputBytes = self ? 0 : client.pendingBytes();
        int bufferSize = self ? 16384 : 1024;
        text.append("id=").append(client.id())
                .append(" addr=").append(client.address())
                .append(" laddr=").append(client.localAddress())
                .append(" fd=").append(client.id() + 7)
                .append(" name=").append(client.name)
                .append(" age=").append(Math.max(0, nowSeconds - client.createdAt() / 1000))
                .append(" idle=").append(Math.max(0, nowSeconds - client.lastInteraction / 1000))
                .append(" flags=").append(flags(client))
                .append(" db=").append(client.db)
                .append(" sub=").append(subscriptions[0])
                .append(" psub=").append(subscriptions[1])
                .append(" ssub=").append(subscriptions[2])
                .append(" multi=").append(queued)
                .append(" qbuf=").append(queryBuffer)
                .append(" qbuf-free=").append(self ? 20474 - queryBuffer : 0)
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=").append(bufferSize)
                .append(" rbp=").append(self ? bufferSize : 0)
                .append(" obl=").append(outputBytes)
                .append(" oll=0")
                .append(" omem=0")
                .append(" tot-mem=").append(1888 + bufferSize + queryBuffer + (self ? 20474 - queryBuffer : 0) + argvMem
                        + multiMem + outputBytes)
                .append(" events=r")
                .append(" cmd=").append(client.lastCommand)
                .append(" user=").append(client.user.name())
                .append(" redir=").append(client.tracking == null ? -1 : client.tracking.redirect)
                .append(" resp=").append(client.protocol());
        return text.toString();
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    static String flags(Client client) {
        StringBuilder flags = new StringBuilder();
        if (client.monitor) {
            flags.append('O');
        }
        if (client.subscriptions > 0) {
            flags.append('P');
        }
        if (client.inMulti()) {
            flags.append('x');
        }
        if (client.blocked) {
            flags.append('b');
        }
        if (client.tracking != null) {
            flags.append('t');
            if (client.tracking.brokenRedirect) {
                flags.append('R');
            }
            if (client.tracking.bcast) {
                flags.append('B');
            }
        }
        if (client.closeAfterReply) {
            flags.append('c');
        }
        if (client.noEvict) {
            flags.append('e');
        }
        return flags.isEmpty() ? "N" : flags.toString();
    }
}
