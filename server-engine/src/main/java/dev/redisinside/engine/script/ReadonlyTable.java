package dev.redisinside.engine.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table that refuses every change once sealed, as Redis 7 seals the globals and its libraries.
 * LuaJ funnels stores (the VM's SETTABLE, rawset, table.insert/remove) through {@code rawset}; sort and
 * setmetatable are closed separately.
 */
class ReadonlyTable extends LuaTable {

    static final String READONLY = "Attempt to modify a readonly table";

    private boolean sealed;

    void seal() {
        sealed = true;
    }

    static LuaError readonlyError() {
        return new ScriptError(LuaValue.valueOf(READONLY), true);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (sealed) {
            throw readonlyError();
        }
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (sealed) {
            throw readonlyError();
        }
        super.rawset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (sealed) {
            throw new ScriptError(LuaValue.valueOf(READONLY), false);
        }
        return super.setmetatable(metatable);
    }

    @Override
    public void sort(LuaValue comparator) {
        if (sealed) {
            throw readonlyError();
        }
        super.sort(comparator);
    }

    /** A sealed copy of a library table. */
    static ReadonlyTable sealedCopy(LuaTable source) {
        ReadonlyTable copy = new ReadonlyTable();
        LuaValue k = LuaValue.NIL;
        while (true) {
            org.luaj.vm2.Varargs next = source.next(k);
            if ((k = next.arg1()).isnil()) {
                break;
            }
            copy.rawset(k, next.arg(2));
        }
        copy.seal();
        return copy;
    }
}
