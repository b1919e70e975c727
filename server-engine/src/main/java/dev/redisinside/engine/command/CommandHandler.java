package dev.redisinside.engine.command;

import dev.redisinside.engine.protocol.Reply;

/** Runs one command after the dispatcher's pre-checks (existence, arity, auth, MULTI) passed. */
@FunctionalInterface
public interface CommandHandler {

    void handle(Context ctx, Args args, Reply out);
}
