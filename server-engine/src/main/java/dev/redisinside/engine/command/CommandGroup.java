package dev.redisinside.engine.command;

/** A group of commands as the Redis docs group them; it opens by registering its handlers. */
public interface CommandGroup {

    void register(CommandRegistry registry);
}
