package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.server.RedisEngine;

import java.util.List;

/** Every command group the server offers; the one place a new group is added. */
public final class CommandGroups {

    private CommandGroups() {
    }

    public static CommandRegistry registry(RedisEngine engine) {
        CommandRegistry registry = new CommandRegistry();
        List<CommandGroup> groups = List.of(
                new ConnectionCommands(),
                new AclCommands(),
                new ServerCommands(),
                new DebugCommands(),
                new CommandCommands(),
                new StringCommands(),
                new KeyCommands(),
                new ListCommands(),
                new HashCommands(),
                new SetCommands(),
                new SortedSetCommands(),
                new StreamCommands(),
                new BitmapCommands(),
                new HyperLogLogCommands(),
                new GeoCommands(),
                new DumpCommands(),
                new SortCommands(),
                new TransactionCommands(),
                new PubSubCommands(),
                new ClientTrackingCommands(),
                new ScriptingCommands(),
                new ReplicationCommands(),
                new ClusterCommands(),
                new ModuleCommands());
        groups.forEach(group -> group.register(registry));
        return registry;
    }
}
