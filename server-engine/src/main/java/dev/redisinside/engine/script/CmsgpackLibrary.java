package dev.redisinside.engine.script;

import org.luaj.vm2.LuaTable;

final class CmsgpackLibrary {

    private CmsgpackLibrary() {
    }

    static LuaTable create() {
        LuaTable lib = new LuaTable();
        return lib;
    }
}
