package dev.redisinside.engine.script;

import org.luaj.vm2.LuaTable;

final class StructLibrary {

    private StructLibrary() {
    }

    static LuaTable create() {
        LuaTable lib = new LuaTable();
        return lib;
    }
}
