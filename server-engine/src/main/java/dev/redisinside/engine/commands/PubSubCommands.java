package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.PubSub;

import java.util.List;

/** Pub/Sub: SUBSCRIBE and friends, PUBLISH, SPUBLISH and PUBSUB introspection. */
public final class PubSubCommands implements CommandGroup {

    private static final String[] PUBSUB_HELP = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    };

    @Override
    public void register(CommandRegistry r) {
        r.register("subscribe", this::subscribe);
        r.register("unsubscribe", this::unsubscribe);
        r.register("psubscribe", this::psubscribe);
        r.register("punsubscribe", this::punsubscribe);
        r.register("ssubscribe", this::ssubscribe);
        r.register("sunsubscribe", this::sunsubscribe);
        r.register("publish", this::publish);
        r.register("spublish", this::spublish);
        r.register("pubsub|channels", this::channels);
        r.register("pubsub|shardchannels", this::shardChannels);
        r.register("pubsub|numsub", this::numsub);
        r.register("pubsub|shardnumsub", this::shardNumsub);
        r.register("pubsub|numpat", this::numpat);
        r.register("pubsub|help", this::help);
    }

    void subscribe(Context ctx, Args args, Reply out) {
        PubSub pubSub = ctx.engine().pubSub();
        for (int i = 1; i < args.size(); i++) {
            pubSub.subscribe(ctx.client(), PubSub.Kind.CHANNEL, args.get(i), out);
        }
    }

    void unsubscribe(Context ctx, Args args, Reply out) {
        unsubscribe(ctx, args, out, PubSub.Kind.CHANNEL);
    }

    void ssubscribe(Context ctx, Args args, Reply out) {
        // Redis denies it to a client that must not block, which inside EXEC this one is (SUBSCRIBE is
        // exempted there for backward compatibility).
        if (ctx.client().inMulti()) {
            throw new RedisException("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
        }
        PubSub pubSub = ctx.engine().pubSub();
        for (int i = 1; i < args.size(); i++) {
            pubSub.subscribe(ctx.client(), PubSub.Kind.SHARD, args.get(i), out);
        }
    }

    void sunsubscribe(Context ctx, Args args, Reply out) {
        unsubscribe(ctx, args, out, PubSub.Kind.SHARD);
    }

    private static void unsubscribe(Context ctx, Args args, Reply out, PubSub.Kind kind) {
        PubSub pubSub = ctx.engine().pubSub();
        if (args.size() == 1) {
            pubSub.unsubscribeAll(ctx.client(), kind, out);
            return;
        }
        for (int i = 1; i < args.size(); i++) {
            pubSub.unsubscribe(ctx.client(), kind, args.get(i), out);
        }
    }

    void psubscribe(Context ctx, Args args, Reply out) {
        PubSub pubSub = ctx.engine().pubSub();
        for (int i = 1; i < args.size(); i++) {
            pubSub.psubscribe(ctx.client(), args.get(i), out);
        }
    }

    void punsubscribe(Context ctx, Args args, Reply out) {
        PubSub pubSub = ctx.engine().pubSub();
        if (args.size() == 1) {
            pubSub.punsubscribeAll(ctx.client(), out);
            return;
        }
        for (int i = 1; i < args.size(); i++) {
            pubSub.punsubscribe(ctx.client(), args.get(i), out);
        }
    }

    void publish(Context ctx, Args args, Reply out) {
        out.integer(ctx.engine().pubSub().publish(PubSub.Kind.CHANNEL, args.get(1), args.get(2)));
    }

    void spublish(Context ctx, Args args, Reply out) {
        out.integer(ctx.engine().pubSub().publish(PubSub.Kind.SHARD, args.get(1), args.get(2)));
    }

    void channels(Context ctx, Args args, Reply out) {
        listChannels(ctx, args, out, PubSub.Kind.CHANNEL);
    }

    void shardChannels(Context ctx, Args args, Reply out) {
        listChannels(ctx, args, out, PubSub.Kind.SHARD);
    }

    private static void listChannels(Context ctx, Args args, Reply out, PubSub.Kind kind) {
        if (args.size() > 3) {
            throw subcommandSyntax(args);
        }
        List<byte[]> names = ctx.engine().pubSub().channels(kind, args.size() == 3 ? args.get(2) : null);
        out.arrayOfBulks(names);
    }

    void numsub(Context ctx, Args args, Reply out) {
        countSubscribers(ctx, args, out, PubSub.Kind.CHANNEL);
    }

    void shardNumsub(Context ctx, Args args, Reply out) {
        countSubscribers(ctx, args, out, PubSub.Kind.SHARD);
    }

    /** NUMSUB answers a flat array even in RESP3, as Redis does. */
    private static void countSubscribers(Context ctx, Args args, Reply out, PubSub.Kind kind) {
        out.array((args.size() - 2) * 2);
        for (int i = 2; i < args.size(); i++) {
            out.bulk(args.get(i));
            out.integer(ctx.engine().pubSub().subscriberCount(kind, args.get(i)));
        }
    }

    void numpat(Context ctx, Args args, Reply out) {
        out.integer(ctx.engine().pubSub().patternCount());
    }

    void help(Context ctx, Args args, Reply out) {
        if (args.size() != 2) {
            throw subcommandSyntax(args);
        }
        out.array(PUBSUB_HELP.length);
        for (String line : PUBSUB_HELP) {
            out.simple(line);
        }
    }

    /** Redis's addReplySubcommandSyntaxError. */
    private static RedisException subcommandSyntax(Args args) {
        String sub = args.string(1);
        return new RedisException("ERR unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try PUBSUB HELP.");
    }
}
