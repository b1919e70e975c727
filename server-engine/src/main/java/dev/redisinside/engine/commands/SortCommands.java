package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;

/** SORT and SORT_RO (sort.c). */
public final class SortCommands implements CommandGroup {

    @Override
    public void register(CommandRegistry r) {
    }
}
