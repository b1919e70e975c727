package dev.redisinside.engine.script;

/**
 * Stops a running script from the instruction hook. An {@link Error}, not a {@code LuaError}, so that no
 * {@code pcall} in the script can catch it.
 */
final class ScriptKilled extends Error {

    final String message;

    ScriptKilled(String message) {
        super(message, null, false, false);
        this.message = message;
    }
}
