package dev.redisinside.engine.script;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Escape attempts from a script: each is refused with an error and the JVM stays untouched. */
class LuaSandboxTest extends EngineTest {

    private static final Path SENTINEL = Path.of(System.getProperty("java.io.tmpdir"), "redis-inside-lua-escape");

    @ParameterizedTest
    @ValueSource(strings = {
        "return luajava.bindClass('java.lang.Runtime')",
        "return luajava.newInstance('java.io.File', '/tmp')",
        "return io.open('/etc/passwd')",
        "return io.write('x')",
        "return os.execute('touch /tmp/redis-inside-lua-escape')",
        "return os.exit(1)",
        "return os.getenv('HOME')",
        "return require('io')",
        "return package.loadlib('x', 'y')",
        "return dofile('/etc/passwd')",
        "return loadfile('/etc/passwd')",
        "return debug.getinfo(1)",
        "return debug.sethook()",
        "return loadstring(string.char(27) .. 'LuaR')()",
        // string.dump exists, as in Redis, but what it makes never loads back: every chunk is parsed as text
        "return loadstring(string.dump(function() return 1 end))()",
        "return load(function() return string.char(27) .. 'LuaR' end)()",
        "getmetatable('').__index = {}",
        "getmetatable('').__index.upper = function() return 'pwned' end",
        "string.upper = nil",
        "setmetatable(_G, nil)",
        "rawset(_G, 'redis', nil)",
        "redis.call = function() end",
        "_G.print = 1",
        "table.insert(string, 'x')",
        "table.sort(redis)",
        "return setfenv(1, {})",
        "return getfenv(1)",
        "return module('x')",
        "return newproxy(true)",
        "return coroutine.create(1)",
        "return string.rep('x', 2^40)",
        "return cjson.decode('{')",
    })
    void escapeAttemptsAreRefused(String script) {
        String reply = call("EVAL \"" + script.replace("\"", "\\\"") + "\" 0");
        assertThat(reply).as(script).startsWith("-");
        assertThat(Files.exists(SENTINEL)).isFalse();
        // the sandbox is intact afterwards
        assertReply("EVAL \"return string.upper('ok')\" 0", "$2\r\nOK\r\n");
        assertReply("EVAL \"return type(redis.call)\" 0", "$8\r\nfunction\r\n");
    }

    @Test
    void onlyRedisGlobalsAreVisible() {
        // Redis 7.0.15's own list (plus nothing): pairs over _G, sorted
        assertReply("EVAL \"local t={} for k,v in pairs(_G) do t[#t+1]=k end table.sort(t) return table.concat(t, ' ')\" 0",
                "$271\r\nARGV KEYS _G _VERSION __redis__err__handler assert bit cjson cmsgpack collectgarbage "
                        + "coroutine error gcinfo getmetatable ipairs load loadstring math next pairs pcall rawequal "
                        + "rawget rawset redis select setmetatable string struct table tonumber tostring type unpack "
                        + "xpcall\r\n");
    }

    @Test
    void stringMetatableCannotBeReplaced() {
        assertThat(call("EVAL \"getmetatable('').__index = {upper = function() return 'x' end}\" 0")).startsWith("-");
        assertReply("EVAL \"return ('abc'):upper()\" 0", "$3\r\nABC\r\n");
    }

    @Test
    void pcallCannotSwallowTheTimeLimit() {
        server.config().parameter("busy-reply-threshold").setter().accept("20");
        try {
            // inside EXEC only the hard limit can stop them (SCRIPT KILL cannot be served meanwhile)
            assertReply("MULTI", "+OK\r\n");
            assertReply("EVAL \"while true do pcall(function() while true do end end) end\" 0", "+QUEUED\r\n");
            assertReply("EVAL \"local co = coroutine.wrap(function() while true do end end) co()\" 0", "+QUEUED\r\n");
            assertThat(call("EXEC")).startsWith("*2\r\n-ERR Script exceeded").contains("\r\n-");
        } finally {
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
        assertReply("PING", "+PONG\r\n");
    }
}
