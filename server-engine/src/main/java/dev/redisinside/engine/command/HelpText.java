package dev.redisinside.engine.command;

import dev.redisinside.engine.protocol.Reply;

import java.util.Locale;

/** The reply of a container's HELP subcommand, framed as Redis's addReplyHelp frames it. */
public final class HelpText {

    private HelpText() {
    }

    /** Header naming the command as typed (upper-cased), the lines, then the HELP footer; all status replies. */
    public static void reply(Args args, Reply out, String... lines) {
        out.array(lines.length + 3);
        out.simple(args.string(0).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            out.simple(line);
        }
        out.simple("HELP");
        out.simple("    Prints this help.");
    }

    /** The error a container gives for a known subcommand used with the wrong arguments. */
    public static RedisException syntaxError(Args args) {
        return new RedisException("ERR unknown subcommand or wrong number of arguments for '"
                + RedisErrors.truncate(args.string(1)) + "'. Try " + args.string(0).toUpperCase(Locale.ROOT) + " HELP.");
    }
}
