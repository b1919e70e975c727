package dev.redisinside.engine.script;

import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.protocol.RespValues;
import dev.redisinside.engine.server.RedisEngine;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redis's conversions between replies and Lua values (script_lua.c): a command's reply becomes a Lua
 * value for {@code redis.call}, and a script's return value becomes the client's reply.
 */
final class LuaConversions {

    static final LuaString ERR = LuaString.valueOf("err");
    static final LuaString OK = LuaString.valueOf("ok");
    static final LuaString DOUBLE = LuaString.valueOf("double");
    static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    static final LuaString FORMAT = LuaString.valueOf("format");
    static final LuaString STRING = LuaString.valueOf("string");
    static final LuaString MAP = LuaString.valueOf("map");
    static final LuaString SET = LuaString.valueOf("set");
    /** Marks an error table whose error INFO errorstats already counted (Redis uses this very field). */
    static final LuaString IGNORE_STATS = LuaString.valueOf("ignore_error_stats_update");

    private LuaConversions() {
    }

    // ---- reply → Lua ----

    /** A command reply (collected by {@link ValueReply}) as Redis hands it to Lua. */
    static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.FALSE; // RESP2 null bulk / null array
        }
        if (value == ValueReply.NULL3) {
            return LuaValue.NIL;
        }
        if (value instanceof byte[] bytes) {
            return LuaString.valueUsing(bytes);
        }
        if (value instanceof Long number) {
            return LuaValue.valueOf((double) number);
        }
        if (value instanceof String status) {
            return single(OK, LuaString.valueOf(status.getBytes(StandardCharsets.ISO_8859_1)));
        }
        if (value instanceof RespValues.Error error) {
            return counted(single(ERR, LuaString.valueOf(error.text().getBytes(StandardCharsets.ISO_8859_1))));
        }
        if (value instanceof Boolean flag) {
            return LuaValue.valueOf(flag);
        }
        if (value instanceof ValueReply.DoubleValue d) {
            return single(DOUBLE, LuaValue.valueOf(d.value()));
        }
        if (value instanceof ValueReply.BigNumber big) {
            return single(BIG_NUMBER, LuaValue.valueOf(big.digits()));
        }
        if (value instanceof ValueReply.Verbatim verbatim) {
            LuaTable inner = new LuaTable();
            inner.rawset(FORMAT, LuaValue.valueOf(verbatim.format()));
            inner.rawset(STRING, LuaString.valueUsing(verbatim.text()));
            return single(VERBATIM, inner);
        }
        if (value instanceof RespValues.Map map) {
            LuaTable inner = new LuaTable();
            List<Object> entries = map.entries();
            for (int i = 0; i + 1 < entries.size(); i += 2) {
                LuaValue key = toLua(entries.get(i));
                if (!key.isnil()) {
                    inner.rawset(key, toLua(entries.get(i + 1)));
                }
            }
            return single(MAP, inner);
        }
        if (value instanceof RespValues.Set set) {
            LuaTable inner = new LuaTable();
            for (Object member : set.members()) {
                LuaValue key = toLua(member);
                if (!key.isnil()) {
                    inner.rawset(key, LuaValue.TRUE);
                }
            }
            return single(SET, inner);
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable(list.size(), 0);
            int i = 1;
            for (Object item : list) {
                table.rawset(i++, toLua(item));
            }
            return table;
        }
        throw new IllegalArgumentException("Not a reply value: " + value.getClass());
    }

    /** Marks an error table as counted already, so replying it again leaves errorstats alone. */
    static LuaTable counted(LuaTable error) {
        error.rawset(IGNORE_STATS, LuaValue.TRUE);
        return error;
    }

    static boolean isCounted(LuaTable error) {
        return error.rawget(IGNORE_STATS).toboolean();
    }

    static LuaTable single(LuaString field, LuaValue value) {
        LuaTable table = new LuaTable();
        table.rawset(field, value);
        return table;
    }

    // ---- Lua → reply ----

    /**
     * Writes a script's return value. {@code scriptProtocol} is the protocol the script chose with
     * {@code redis.setresp}: it decides how booleans come out.
     */
    static void write(LuaValue value, Reply out, int scriptProtocol, int depth, RedisEngine engine) {
        if (depth > 1000) {
            engine.countError("ERR reached lua stack limit");
            out.error("ERR reached lua stack limit");
            return;
        }
        switch (value.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = value.checkstring();
                out.bulk(s.m_bytes, s.m_offset, s.m_length);
            }
            case LuaValue.TBOOLEAN -> {
                if (scriptProtocol == 2) {
                    if (value.toboolean()) {
                        out.integer(1);
                    } else {
                        out.nullBulk();
                    }
                } else {
                    out.bool(value.toboolean());
                }
            }
            case LuaValue.TNUMBER -> out.integer(toLong(value.todouble()));
            case LuaValue.TTABLE -> writeTable((LuaTable) value, out, scriptProtocol, depth, engine);
            default -> out.nullBulk();
        }
    }

    private static void writeTable(LuaTable table, Reply out, int scriptProtocol, int depth, RedisEngine engine) {
        LuaValue err = table.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            String text = stripTrailingNewlines(latin1(err));
            if (isCounted(table)) {
                engine.failedUncounted();
            } else {
                engine.countError(text);
            }
            out.error(text);
            return;
        }
        LuaValue ok = table.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            out.simple(latin1(ok).replace('\r', ' ').replace('\n', ' '));
            return;
        }
        LuaValue dbl = table.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            out.doubleValue(dbl.todouble());
            return;
        }
        LuaValue big = table.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            out.bigNumber(latin1(big).replace('\r', ' ').replace('\n', ' '));
            return;
        }
        LuaValue verbatim = table.rawget(VERBATIM);
        if (verbatim.type() == LuaValue.TTABLE) {
            LuaValue format = verbatim.rawget(FORMAT);
            LuaValue text = verbatim.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && text.type() == LuaValue.TSTRING) {
                LuaString s = text.checkstring();
                byte[] bytes = new byte[s.m_length];
                System.arraycopy(s.m_bytes, s.m_offset, bytes, 0, s.m_length);
                out.verbatim(latin1(format), bytes);
                return;
            }
        }
        LuaValue map = table.rawget(MAP);
        if (map.type() == LuaValue.TTABLE) {
            LuaTable inner = (LuaTable) map;
            out.map(count(inner));
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = inner.next(k);
                if ((k = next.arg1()).isnil()) {
                    break;
                }
                write(k, out, scriptProtocol, depth + 1, engine);
                write(next.arg(2), out, scriptProtocol, depth + 1, engine);
            }
            return;
        }
        LuaValue set = table.rawget(SET);
        if (set.type() == LuaValue.TTABLE) {
            LuaTable inner = (LuaTable) set;
            out.set(count(inner));
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = inner.next(k);
                if ((k = next.arg1()).isnil()) {
                    break;
                }
                write(k, out, scriptProtocol, depth + 1, engine);
            }
            return;
        }
        int length = 0;
        while (!table.rawget(length + 1).isnil()) {
            length++;
        }
        out.array(length);
        for (int i = 1; i <= length; i++) {
            write(table.rawget(i), out, scriptProtocol, depth + 1, engine);
        }
    }

    private static int count(LuaTable table) {
        int n = 0;
        LuaValue k = LuaValue.NIL;
        while (!(k = table.next(k).arg1()).isnil()) {
            n++;
        }
        return n;
    }

    /** C's (long long) cast of a double on x86: out of range and NaN give the "integer indefinite" value. */
    static long toLong(double d) {
        return d >= -9.223372036854775808E18 && d < 9.223372036854775808E18 ? (long) d : Long.MIN_VALUE;
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        return text.substring(0, end);
    }

    static String latin1(LuaValue value) {
        LuaString s = value.checkstring();
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(LuaString s) {
        byte[] copy = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, copy, 0, s.m_length);
        return copy;
    }
}
