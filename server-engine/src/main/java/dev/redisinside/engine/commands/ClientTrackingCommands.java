package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.Tracking;
import dev.redisinside.engine.server.Client;

import java.util.ArrayList;
import java.util.List;

/** Client-side caching: CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO (networking.c's clientCommand). */
public final class ClientTrackingCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
        r.register("client|tracking", this::tracking);
        r.register("client|caching", this::caching);
        r.register("client|getredir", this::getredir);
        r.register("client|trackinginfo", this::trackinginfo);
    }

    void tracking(Context ctx, Args args, Reply out) {
        Client client = ctx.client();
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < args.size(); j++) {
            boolean more = j < args.size() - 1;
            if (args.is(j, "redirect") && more) {
                j++;
                if (redirect != 0) {
                    throw new RedisException("ERR A client can only redirect to a single other client");
                }
                Long id = Numbers.parse(args.get(j));
                if (id == null) {
                    throw new RedisException(RedisErrors.NOT_INTEGER);
                }
                if (ctx.engine().client(id) == null) {
                    throw new RedisException("ERR The client ID you want redirect to does not exist");
                }
                redirect = id;
            } else if (args.is(j, "bcast")) {
                bcast = true;
            } else if (args.is(j, "optin")) {
                optin = true;
            } else if (args.is(j, "optout")) {
                optout = true;
            } else if (args.is(j, "noloop")) {
                noloop = true;
            } else if (args.is(j, "prefix") && more) {
                j++;
                prefixes.add(args.get(j));
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        Tracking.ClientState current = client.tracking;
        if (args.is(2, "on")) {
            if (!bcast && !prefixes.isEmpty()) {
                throw new RedisException("ERR PREFIX option requires BCAST mode to be enabled");
            }
            if (current != null && current.bcast != bcast) {
                throw new RedisException("ERR You can't switch BCAST mode on/off before disabling tracking for "
                        + "this client, and then re-enabling it with a different mode.");
            }
            if (bcast && (optin || optout)) {
                throw new RedisException("ERR OPTIN and OPTOUT are not compatible with BCAST");
            }
            if (optin && optout) {
                throw new RedisException("ERR You can't specify both OPTIN mode and OPTOUT mode");
            }
            if (current != null && ((optin && current.optout) || (optout && current.optin))) {
                throw new RedisException("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for "
                        + "this client, and then re-enabling it with a different mode.");
            }
            if (bcast) {
                String collision = ctx.engine().tracking().prefixCollision(client, prefixes);
                if (collision != null) {
                    throw new RedisException(collision);
                }
            }
            ctx.engine().tracking().enable(client, redirect, bcast, optin, optout, noloop, prefixes);
        } else if (args.is(2, "off")) {
            ctx.engine().tracking().disable(client);
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        out.ok();
    }

    void caching(Context ctx, Args args, Reply out) {
        Tracking.ClientState state = ctx.client().tracking;
        if (state == null) {
            throw new RedisException("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                    + "with OPTIN or OPTOUT mode enabled");
        }
        if (args.is(2, "yes")) {
            if (!state.optin) {
                throw new RedisException("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
            }
        } else if (args.is(2, "no")) {
            if (!state.optout) {
                throw new RedisException("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
            }
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        state.caching = true;
        out.ok();
    }

    void getredir(Context ctx, Args args, Reply out) {
        Tracking.ClientState state = ctx.client().tracking;
        out.integer(state == null ? -1 : state.redirect);
    }

    void trackinginfo(Context ctx, Args args, Reply out) {
        Tracking.ClientState state = ctx.client().tracking;
        List<String> flags = new ArrayList<>();
        flags.add(state != null ? "on" : "off");
        if (state != null) {
            if (state.bcast) {
                flags.add("bcast");
            }
            if (state.optin) {
                flags.add("optin");
                if (state.caching) {
                    flags.add("caching-yes");
                }
            }
            if (state.optout) {
                flags.add("optout");
                if (state.caching) {
                    flags.add("caching-no");
                }
            }
            if (state.noloop) {
                flags.add("noloop");
            }
            if (state.brokenRedirect) {
                flags.add("broken_redirect");
            }
        }
        out.map(3);
        out.bulk("flags");
        out.set(flags.size());
        flags.forEach(out::bulk);
        out.bulk("redirect");
        out.integer(state == null ? -1 : state.redirect);
        out.bulk("prefixes");
        if (state == null) {
            out.array(0);
        } else {
            out.arrayOfBulks(new ArrayList<>(state.prefixes));
        }
    }
}
