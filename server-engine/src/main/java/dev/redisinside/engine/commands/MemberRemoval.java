package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.RedisValue;

import java.util.function.Predicate;

/**
 * HDEL and SREM share Redis's shape: remove the named members, stop once the collection is empty (its key
 * is deleted then), and report the type's event followed by {@code del} when the key went away.
 */
final class MemberRemoval {

    private MemberRemoval() {
    }

    /** Removes {@code args[2..]} with {@code remover}; returns how many were present. */
    static long removeMembers(Context ctx, byte[] key, RedisValue collection, Predicate<byte[]> remover, Args args,
            int type, String event) {
        long removed = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < args.size(); i++) {
            if (remover.test(args.get(i))) {
                removed++;
                if (collection.isEmpty()) {
                    ctx.db().delete(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (removed > 0) {
            ctx.db().signalModified(key);
            ctx.notify(type, event, key);
            if (keyRemoved) {
                ctx.notify(KeyspaceNotifier.GENERIC, "del", key);
            }
        }
        return removed;
    }
}
