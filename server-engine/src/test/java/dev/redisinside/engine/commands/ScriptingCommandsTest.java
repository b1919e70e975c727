package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** EVAL and friends; every expected reply was taken from Redis 7.0.15. */
class ScriptingCommandsTest extends EngineTest {

    @Test
    void evalConvertsReturnValues() {
        assertReply("EVAL \"return {1,2,3.7,'a',false,true,nil,5}\" 0", "*6\r\n:1\r\n:2\r\n:3\r\n$1\r\na\r\n$-1\r\n:1\r\n");
        assertReply("EVAL \"return {ok='fine'}\" 0", "+fine\r\n");
        assertReply("EVAL \"return {err='My Error'}\" 0", "-My Error\r\n");
        assertReply("EVAL \"return redis.error_reply('x y')\" 0", "-x y\r\n");
        assertReply("EVAL \"return -3.99\" 0", ":-3\r\n");
        assertReply("EVAL \"return {KEYS[1],ARGV[1],#KEYS,#ARGV}\" 1 k a b", "*4\r\n$1\r\nk\r\n$1\r\na\r\n:1\r\n:2\r\n");
        assertReply("EVAL \"return tostring(10/3)\" 0", "$15\r\n3.3333333333333\r\n");
    }

    @Test
    void evalshaAndTheScriptCache() {
        assertReply("EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0", "-NOSCRIPT No matching script. Please use EVAL.\r\n");
        assertReply("SCRIPT LOAD \"return 1\"", "$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n");
        assertReply("EVALSHA E0E1F9FABFC9D4800C877A703B823AC0578FF8DB 0", ":1\r\n");
        assertReply("SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db ffff", "*2\r\n:1\r\n:0\r\n");
        assertReply("SCRIPT FLUSH", "+OK\r\n");
        assertReply("EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0", "-NOSCRIPT No matching script. Please use EVAL.\r\n");
        assertReply("SCRIPT KILL", "-NOTBUSY No scripts in execution right now.\r\n");
    }

    @Test
    void errorsCarryTheScriptLocation() {
        assertReply("EVAL \"error('boom')\" 0",
                "-ERR user_script:1: boom script: 82903a0434f1503e152f89c03c9acd881a0e8150, on @user_script:1.\r\n");
        assertReply("EVAL \"return redis.call('nosuch')\" 0",
                "-ERR Unknown Redis command called from script script: 206396248e12c6e742fd7296250433c8d7343b74, on @user_script:1.\r\n");
        assertReply("EVAL \"return x\" 0",
                "-ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: "
                        + "03c387736bb5cc009ff35151572cee04677aa374, on @user_script:1.\r\n");
        assertReply("EVAL \"x=1\" 0",
                "-ERR user_script:1: Attempt to modify a readonly table script: 7caf6056913504f0508c65faf2dc3f94ff65bcfd, on @user_script:1.\r\n");
        assertReply("EVAL \"return redis.call('eval','return 1','0')\" 0",
                "-ERR This Redis command is not allowed from script script: 1e5046f3a9119d3dc9cf5824428b6d9fedd305d2, on @user_script:1.\r\n");
        assertReply("EVAL_RO \"return redis.call('set','lua-helper:a','1')\" 0",
                "-ERR Write commands are not allowed from read-only scripts. script: c64da06a31f49fa49e54c18412084981d0c581e7, on @user_script:1.\r\n");
        assertReply("EVAL \"return redis.pcall('nosuch')\" 0", "-ERR Unknown Redis command called from script\r\n");
        assertReply("EVAL \"return 1\" 2 a", "-ERR Number of keys can't be greater than number of args\r\n");
        assertReply("EVAL \"return 1\" -1", "-ERR Number of keys can't be negative\r\n");
    }

    @Test
    void aScriptWriteInvalidatesWatch() {
        RawClient other = newClient();
        try {
            assertThat(other.call("WATCH", "w")).isEqualTo("+OK\r\n");
            assertThat(other.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(other.call("GET", "w")).isEqualTo("+QUEUED\r\n");
            assertReply("EVAL \"return redis.call('set', KEYS[1], 'x')\" 1 w", "+OK\r\n");
            assertThat(other.call("EXEC")).isEqualTo("*-1\r\n");
        } finally {
            other.close();
        }
    }

    @Test
    void mayReplicateCommandsAreWritesForReadOnlyScripts() {
        // pause.tcl: PUBLISH from EVAL_RO is refused like a write
        String script = "return redis.call('publish','ch','msg')";
        assertThat(call("EVAL_RO \"" + script + "\" 0")).isEqualTo("-ERR Write commands are not allowed from read-only "
                + "scripts. script: " + call("SCRIPT LOAD \"" + script + "\"").substring(5, 45) + ", on @user_script:1.\r\n");
    }

    @Test
    void streamReadsCannotBlockInScripts() {
        assertReply("EVAL \"return redis.pcall('xread','BLOCK',0,'STREAMS','s','$')\" 1 s",
                "-ERR xread command is not allowed with BLOCK option from scripts\r\n");
        assertReply("EVAL \"return redis.pcall('XREADGROUP','GROUP','g','c','BLOCK',0,'STREAMS','s','>')\" 1 s",
                "-ERR XREADGROUP command is not allowed with BLOCK option from scripts\r\n");
    }

    @Test
    void infoMemoryCountsCachedScripts() {
        assertReply("SCRIPT FLUSH", "+OK\r\n");
        call("SCRIPT LOAD \"return 1\"");
        call("SCRIPT LOAD \"return 2\"");
        assertThat(call("INFO memory")).contains("\r\nnumber_of_cached_scripts:2\r\n");
        assertReply("SCRIPT FLUSH ASYNC", "+OK\r\n");
        assertThat(call("INFO memory")).contains("\r\nnumber_of_cached_scripts:0\r\n");
    }

    @Test
    void scriptsRunInsideMulti() {
        assertReply("MULTI", "+OK\r\n");
        assertReply("EVAL \"return redis.call('hincrby', 'h', 'f', 1)\" 0", "+QUEUED\r\n");
        assertReply("EVAL \"return redis.call('hincrby', 'h', 'f', 1)\" 0", "+QUEUED\r\n");
        assertReply("EXEC", "*2\r\n:1\r\n:2\r\n");
    }

    @Test
    void timeIsFrozenDuringAScript() {
        assertReply("EVAL \"redis.call('set', 'k', 'v') redis.call('pexpire', 'k', 100) return redis.call('pttl', 'k')\" 0", ":100\r\n");
    }

    @Test
    void resp3RepliesUnderSetresp3() {
        call("HELLO 3");
        assertReply("EVAL \"redis.setresp(3) redis.call('hset', 'h', 'f', 'v') return redis.call('hgetall', 'h')\" 0",
                "%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
        assertReply("EVAL \"redis.setresp(3) return {double=1.5}\" 0", ",1.5\r\n");
        assertReply("EVAL \"return {double=1.5}\" 0", ",1.5\r\n");
        assertReply("EVAL \"redis.setresp(3) return redis.call('zscore', 'nokey', 'm') == nil\" 0", "#t\r\n");
    }

    @Test
    void scriptKillStopsABusyReadOnlyScript() throws Exception {
        server.config().parameter("busy-reply-threshold").setter().accept("200");
        RawClient other = newClient();
        try {
            client.send("EVAL", "while true do end", "0");
            Thread.sleep(400);
            assertThat(other.call("PING"))
                    .isEqualTo("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n");
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(client.readReplyString()).isEqualTo(
                    "-ERR Script killed by user with SCRIPT KILL... script: 5b9a5ef7a5b8a4a5e0b8d6c3e4be7f1fc7e8a1b2, on @user_script:1.\r\n"
                            .replace("5b9a5ef7a5b8a4a5e0b8d6c3e4be7f1fc7e8a1b2",
                                    dev.redisinside.engine.script.ScriptEngine.sha1hex("while true do end".getBytes(), 0, 17)));
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        } finally {
            other.close();
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
    }

    @Test
    void aBusyReadOnlyScriptRunsUntilScriptKillAndBusyAbortsTransactions() throws Exception {
        // multi.tcl: lua-time-limit 10, the script must still be running 200 ms later (Redis never stops it)
        server.config().parameter("lua-time-limit").setter().accept("10");
        RawClient other = newClient();
        try {
            other.call("SET", "xx", "1");
            assertThat(other.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(other.call("INCR", "xx")).isEqualTo("+QUEUED\r\n");
            client.send("EVAL", "while true do end", "0");
            Thread.sleep(300);
            assertThat(other.call("INCR", "xx"))
                    .isEqualTo("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n");
            assertThat(other.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: BUSY Redis is busy "
                    + "running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n");
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(client.readReplyString()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
            assertThat(other.call("GET", "xx")).isEqualTo("$1\r\n1\r\n");
            assertThat(other.call("PING", "asdf")).isEqualTo("$4\r\nasdf\r\n");
        } finally {
            other.close();
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
    }

    @Test
    void aScriptThatWroteIsUnkillable() throws Exception {
        server.config().parameter("busy-reply-threshold").setter().accept("200");
        RawClient other = newClient();
        try {
            client.send("EVAL", "redis.call('set', 'k', 'v') while true do end", "0");
            Thread.sleep(400);
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("-UNKILLABLE Sorry the script already executed write "
                    + "commands against the dataset. You can either wait the script termination or kill the server in "
                    + "a hard way using the SHUTDOWN NOSAVE command.\r\n");
            // the hard stop (10 x threshold) ends it anyway
            assertThat(client.readReplyString()).startsWith("-ERR Script exceeded 10 times busy-reply-threshold");
            assertThat(other.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        } finally {
            other.close();
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
    }

    @Test
    void anEndlessLoopTheEngineWaitsForIsStopped() {
        // inside EXEC the engine thread waits for the script, so SCRIPT KILL could never reach it
        server.config().parameter("busy-reply-threshold").setter().accept("100");
        try {
            assertReply("MULTI", "+OK\r\n");
            assertReply("EVAL \"while true do end\" 0", "+QUEUED\r\n");
            assertReply("EVAL \"local ok = pcall(function() while true do end end) return 'escaped'\" 0", "+QUEUED\r\n");
            String reply = call("EXEC");
            assertThat(reply).startsWith("*2\r\n-ERR Script exceeded").contains("\r\n-ERR Script exceeded");
            assertReply("PING", "+PONG\r\n");
        } finally {
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
    }

    @Test
    void mathRandomRunsOnFromLrand48sDefaultStateAcrossScriptsFlushesAndFunctions() {
        // a fresh Redis 7.0.15 answers 397 841 354 447, then 319 after SCRIPT FLUSH, then 887 from a function
        try (dev.redisinside.engine.EmbeddedRedisServer fresh =
                dev.redisinside.engine.EmbeddedRedisServer.builder().port(0).build().start();
                RawClient c = new RawClient(fresh.port())) {
            assertThat(c.call("EVAL", "return math.random(1000)", "0")).isEqualTo(":397\r\n");
            assertThat(c.call("EVAL", "return {math.random(1000), math.random(1000), math.random(1000)}", "0"))
                    .isEqualTo("*3\r\n:841\r\n:354\r\n:447\r\n");
            assertThat(c.call("SCRIPT", "FLUSH")).isEqualTo("+OK\r\n");
            assertThat(c.call("EVAL", "return math.random(1000)", "0")).isEqualTo(":319\r\n");
            assertThat(c.call("FUNCTION", "LOAD",
                    "#!lua name=r\nredis.register_function('r', function() return math.random(1000) end)"))
                    .isEqualTo("$1\r\nr\r\n");
            assertThat(c.call("FCALL", "r", "0")).isEqualTo(":887\r\n");
            assertThat(c.call("EVAL", "math.randomseed(7) return {math.random(1000), math.random(1000)}", "0"))
                    .isEqualTo("*2\r\n:267\r\n:683\r\n");
        }
    }

    @Test
    void aQuickScriptThatTurnsSlowStillAnswersBusyAndCanBeKilled() throws Exception {
        // quick runs move a script onto the engine thread; a slow run must still leave other clients served
        server.config().parameter("busy-reply-threshold").setter().accept("200");
        String body = "local n = redis.call('get', KEYS[1]) if ARGV[1] == 'spin' then while true do end end "
                + "return math.random(1000000)";
        RawClient other = newClient();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(client.call("EVAL", body, "1", "k", "quick")).startsWith(":");
            }
            client.send("EVAL", body, "1", "k", "spin");
            Thread.sleep(400);
            assertThat(other.call("PING"))
                    .isEqualTo("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n");
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(client.readReplyString()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
        } finally {
            other.close();
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
    }

    @Test
    void aQuickScriptThatWroteBeforeTurningSlowRunsToTheEnd() {
        server.config().parameter("busy-reply-threshold").setter().accept("100");
        String body = "redis.call('incr', KEYS[1]) if ARGV[1] == 'spin' then while true do end end "
                + "return redis.call('get', KEYS[1])";
        try {
            assertReply("EVAL \"" + body + "\" 1 n quick", "$1\r\n1\r\n");
            assertReply("EVAL \"" + body + "\" 1 n quick", "$1\r\n2\r\n");
            // it wrote, so it cannot be stopped and rerun: the hard limit ends it, and the write stays
            assertThat(call("EVAL \"" + body + "\" 1 n spin")).startsWith("-ERR Script exceeded 10 times busy-reply-threshold");
            assertReply("GET n", "$1\r\n3\r\n");
        } finally {
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
    }

    /** scripting.tcl "Consistent eval error reporting": each error counts once, where it arose. */
    @Test
    void errorsInsideScriptsCountOnceInErrorStats() {
        call("CONFIG SET maxmemory 1");
        call("CONFIG RESETSTAT");
        assertThat(call("EVAL \"return redis.call('set','x','y')\" 1 x")).startsWith("-OOM command not allowed");
        assertStats("errorstat_OOM:count=1\r\n", "set:calls=0,rejected_calls=1,failed_calls=0",
                "eval:calls=1,rejected_calls=0,failed_calls=1");
        call("CONFIG RESETSTAT");
        assertReply("EVAL \"return redis.pcall('set','x','y')['err']\" 1 x",
                "$55\r\nOOM command not allowed when used memory > 'maxmemory'.\r\n");
        assertStats("errorstat_OOM:count=1\r\n", "set:calls=0,rejected_calls=1,failed_calls=0",
                "eval:calls=1,rejected_calls=0,failed_calls=0");
        call("CONFIG RESETSTAT");
        assertReply("EVAL \"return redis.pcall('set','x','y')\" 1 x",
                "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assertStats("errorstat_OOM:count=1\r\n", "set:calls=0,rejected_calls=1,failed_calls=0",
                "eval:calls=1,rejected_calls=0,failed_calls=1");
        call("CONFIG SET maxmemory 0");
        call("CONFIG RESETSTAT");
        assertThat(call("EVAL \"return redis.call('select',99)\" 0")).startsWith("-ERR DB index is out of range");
        assertStats("errorstat_ERR:count=1\r\n", "select:calls=1,rejected_calls=0,failed_calls=1",
                "eval:calls=1,rejected_calls=0,failed_calls=1");
        call("CONFIG RESETSTAT");
        assertReply("EVAL \"return redis.error_reply('MY_ERR_CODE custom msg')\" 0", "-MY_ERR_CODE custom msg\r\n");
        assertReply("EVAL \"return redis.error_reply('')\" 0", "-ERR \r\n");
        assertStats("errorstat_ERR:count=1\r\nerrorstat_MY_ERR_CODE:count=1\r\n",
                "eval:calls=2,rejected_calls=0,failed_calls=2");
    }

    private void assertStats(String errorStats, String... commandStats) {
        assertReply("INFO errorstats", "$" + ("# Errorstats\r\n" + errorStats).length() + "\r\n# Errorstats\r\n"
                + errorStats + "\r\n");
        String stats = call("INFO commandstats").replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", "");
        for (String s : commandStats) {
            assertThat(stats).contains("cmdstat_" + s + "\r\n");
        }
    }
}
