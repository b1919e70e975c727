package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;

/**
 * CLUSTER (every subcommand), READONLY, READWRITE and ASKING of a server started without cluster support:
 * Redis answers them all with the same error once the command table has accepted name and arity.
 */
public final class ClusterCommands implements CommandGroup {

    static final String DISABLED = "ERR This instance has cluster support disabled";

    /** Redis 7.0's CLUSTER subcommands (its command table), all refused the same way. */
    private static final String[] SUBCOMMANDS = {"addslots", "addslotsrange", "bumpepoch", "count-failure-reports",
        "countkeysinslot", "delslots", "delslotsrange", "failover", "flushslots", "forget", "getkeysinslot", "help",
        "info", "keyslot", "links", "meet", "myid", "nodes", "replicas", "replicate", "reset", "saveconfig",
        "set-config-epoch", "setslot", "shards", "slaves", "slots"};

    @Override
    public void register(CommandRegistry r) {
        for (String sub : SUBCOMMANDS) {
            r.register("cluster|" + sub, this::disabled);
        }
        r.register("readonly", this::disabled);
        r.register("readwrite", this::disabled);
        r.register("asking", this::disabled);
    }

    void disabled(Context ctx, Args args, Reply out) {
        throw new RedisException(DISABLED);
    }
}
