package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.server.BlockingManager;

/**
 * WAIT, ROLE, REPLICAOF/SLAVEOF and FAILOVER of a master that never has replicas: the answers Redis gives
 * in that state (WAIT counts no acknowledgements and blocks until its timeout when asked for more).
 */
public final class ReplicationCommands implements CommandGroup {

    static final String NO_REPLICATION = "ERR REPLICAOF is not supported: redis-inside keeps no replicas and "
            + "follows no master";

    @Override
    public void register(CommandRegistry r) {
        r.register("wait", this::waitForReplicas);
        r.register("role", this::role);
        r.register("replicaof", this::replicaof);
        r.register("slaveof", this::replicaof);
        r.register("failover", this::failover);
    }

    /** WAIT numreplicas timeout: no replica ever acknowledges, so 0 now or 0 after the timeout. */
    void waitForReplicas(Context ctx, Args args, Reply out) {
        Long wanted = Numbers.parse(args.get(1));
        if (wanted == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        Long timeout = Numbers.parse(args.get(2));
        if (timeout == null) {
            throw new RedisException("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw new RedisException(BlockingManager.TIMEOUT_NEGATIVE);
        }
        BlockingManager blocking = ctx.engine().blocking();
        if (wanted <= 0 || !blocking.mayBlock(ctx.client())) {
            out.integer(0);
            return;
        }
        long deadline = timeout == 0 ? 0 : ctx.now() + timeout;
        blocking.block(ctx.client(), new byte[0][], deadline, new BlockingManager.Waiter() {
            @Override
            public boolean tryServe(byte[] key) {
                return false;
            }

            @Override
            public void timedOut(Reply reply) {
                reply.integer(0);
            }
        });
    }

    /** ROLE of a master without replicas: master, offset 0, no replicas. */
    void role(Context ctx, Args args, Reply out) {
        out.array(3);
        out.bulk("master");
        out.integer(0);
        out.array(0);
    }

    void replicaof(Context ctx, Args args, Reply out) {
        if (args.is(1, "no") && args.is(2, "one")) {
            out.ok(); // already a master
            return;
        }
        Long port = Numbers.parse(args.get(2));
        if (port == null || port < 0 || port > 65535) {
            throw new RedisException("ERR Invalid master port");
        }
        throw new RedisException(NO_REPLICATION);
    }

    /** FAILOVER [TO host port] [FORCE] [TIMEOUT ms] | ABORT: parsed as Redis does; there is never a replica. */
    void failover(Context ctx, Args args, Reply out) {
        if (args.size() == 2 && args.is(1, "abort")) {
            throw new RedisException("ERR No failover in progress.");
        }
        boolean force = false;
        boolean to = false;
        long timeout = 0;
        for (int i = 1; i < args.size(); i++) {
            if (args.is(i, "timeout") && i + 1 < args.size() && timeout == 0) {
                Long value = Numbers.parse(args.get(i + 1));
                if (value == null) {
                    throw new RedisException(RedisErrors.NOT_INTEGER);
                }
                if (value <= 0) {
                    throw new RedisException("ERR FAILOVER timeout must be greater than 0");
                }
                timeout = value;
                i++;
            } else if (args.is(i, "to") && i + 2 < args.size() && !to) {
                if (Numbers.parse(args.get(i + 2)) == null) {
                    throw new RedisException(RedisErrors.NOT_INTEGER);
                }
                to = true;
                i += 2;
            } else if (args.is(i, "force") && !force) {
                force = true;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        throw new RedisException("ERR FAILOVER requires connected replicas.");
    }
}
