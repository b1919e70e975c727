package dev.redisinside.engine.script;

/**
 * Stops an inline script that reached its budget before any effect, so it can be run again on the script
 * thread. An {@link Error}, like {@link ScriptKilled}, so that no {@code pcall} can catch it.
 */
final class ScriptRestart extends Error {

    ScriptRestart() {
        super(null, null, false, false);
    }
}
