package dev.redisinside.engine.script;

import org.luaj.vm2.LuaTable;

final class CjsonLibrary {

    private CjsonLibrary() {
    }

    static LuaTable create() {
        LuaTable lib = new LuaTable();
        return lib;
    }
}
