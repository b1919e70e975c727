package dev.redisinside.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * An error raised by our own Lua functions. {@code positioned}: whether Lua 5.1 would prefix a string
 * message with {@code user_script:<line>:} (errors raised at level 1 from Lua code), which LuaJ formats
 * differently; the position is added when the error is turned into a reply or a pcall result.
 */
final class ScriptError extends LuaError {

    private final LuaValue value;
    private final boolean positioned;

    ScriptError(LuaValue value, boolean positioned) {
        super(value);
        this.value = value;
        this.positioned = positioned;
    }

    LuaValue value() {
        return value;
    }

    boolean positioned() {
        return positioned;
    }
}
