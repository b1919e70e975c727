package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** FUNCTION and FCALL (Redis 7.0 functions); every expected reply was taken from Redis 7.0.15. */
class FunctionsTest extends EngineTest {

    private static final String RO_LIB = "#!lua name=fnhlib\nredis.register_function{function_name='fnh_ro', "
            + "callback=function(keys, args) return args[1] end, flags={'no-writes'}, description='d'}";

    @BeforeEach
    void noLibraries() {
        assertReply("FUNCTION FLUSH", "+OK\r\n");
    }

    @Test
    void aLibraryThatLoopsWhileLoadingTimesOut() {
        // functions.tcl "LIBRARIES - load timeout": Redis stops the load run after 500 ms
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=lib\nlocal a = 1\nwhile 1 do a = a + 1 end"))
                .isEqualTo("-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n");
        assertReply("PING", "+PONG\r\n");
    }

    @Test
    void loadListAndCall() {
        assertThat(client.call("FUNCTION", "LOAD", RO_LIB)).isEqualTo("$6\r\nfnhlib\r\n");
        assertThat(client.call("FUNCTION", "LOAD", RO_LIB)).isEqualTo("-ERR Library 'fnhlib' already exists\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "REPLACE", RO_LIB)).isEqualTo("$6\r\nfnhlib\r\n");
        assertReply("FCALL fnh_ro 0 hello", "$5\r\nhello\r\n");
        assertReply("FCALL_RO FNH_RO 0 hello", "$5\r\nhello\r\n");
        assertReply("FUNCTION LIST", "*1\r\n*6\r\n$12\r\nlibrary_name\r\n$6\r\nfnhlib\r\n$6\r\nengine\r\n$3\r\nLUA\r\n"
                + "$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$6\r\nfnh_ro\r\n$11\r\ndescription\r\n$1\r\nd\r\n"
                + "$5\r\nflags\r\n*1\r\n+no-writes\r\n");
        assertReply("FUNCTION STATS", "*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n"
                + "$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n");
        client.call("HELLO", "3");
        assertThat(client.call("FUNCTION", "LIST", "WITHCODE")).isEqualTo("*1\r\n%4\r\n$12\r\nlibrary_name\r\n$6\r\nfnhlib\r\n"
                + "$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n%3\r\n$4\r\nname\r\n$6\r\nfnh_ro\r\n"
                + "$11\r\ndescription\r\n$1\r\nd\r\n$5\r\nflags\r\n~1\r\n+no-writes\r\n$12\r\nlibrary_code\r\n$153\r\n"
                + RO_LIB + "\r\n");
        assertReply("FUNCTION STATS", "%2\r\n$14\r\nrunning_script\r\n_\r\n$7\r\nengines\r\n%1\r\n$3\r\nLUA\r\n%2\r\n"
                + "$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n");
    }

    @Test
    void loadErrors() {
        assertThat(client.call("FUNCTION", "LOAD", "redis.register_function('x', function() return 1 end)"))
                .isEqualTo("-ERR Missing library metadata\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=l foo=bar\nreturn 1"))
                .isEqualTo("-ERR Invalid metadata value given: foo=bar\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=l\nreturn 1")).isEqualTo("-ERR No functions registered\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!python name=l\nreturn 1")).isEqualTo("-ERR Engine 'python' not found\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=l\nredis.call('ping')")).isEqualTo("-ERR Error registering "
                + "functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=l\nstring.len('a')")).isEqualTo("-ERR Error registering "
                + "functions: ERR user_function:2: Script attempted to access nonexistent global variable 'string'\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('f', function() return 1 end) x = 1"))
                .isEqualTo("-ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table\r\n");
        assertThat(client.call("FUNCTION", "LOAD",
                "#!lua name=l\nredis.register_function{function_name='f', callback=function() return 1 end, flags={'bad'}}"))
                .isEqualTo("-ERR Error registering functions: ERR unknown flag given\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=l name=x\nreturn 1"))
                .isEqualTo("-ERR Invalid metadata value, name argument was given multiple times\r\n");
        assertReply("FUNCTION LIST", "*0\r\n");
    }

    @Test
    void fcallErrorsAndReadOnlyFunctions() {
        client.call("FUNCTION", "LOAD", RO_LIB);
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=w\nredis.register_function('fnh_w', function(keys, args) "
                + "redis.call('set', keys[1], args[1]) return redis.call('get', keys[1]) end)")).isEqualTo("$1\r\nw\r\n");
        assertThat(client.call("FUNCTION", "LOAD", "#!lua name=nw\nredis.register_function{function_name='fnh_nw', "
                + "callback=function(keys) local r = redis.call('set', keys[1], 'v') return r end, flags={'no-writes'}}"))
                .isEqualTo("$2\r\nnw\r\n");
        assertReply("FCALL fnh_w 1 k v", "$1\r\nv\r\n");
        assertReply("FCALL_RO fnh_w 1 k v", "-ERR Can not execute a script with write flag using *_ro command.\r\n");
        assertReply("FCALL fnh_nw 1 k", "-ERR Write commands are not allowed from read-only scripts. script: fnh_nw, "
                + "on @user_function:2.\r\n");
        assertReply("FCALL nope 0", "-ERR Function not found\r\n");
        assertReply("FCALL fnh_ro x", "-ERR Bad number of keys provided\r\n");
        assertReply("FCALL fnh_ro 5 a", "-ERR Number of keys can't be greater than number of args\r\n");
        assertReply("FCALL fnh_ro -1 a", "-ERR Number of keys can't be negative\r\n");
        assertReply("FUNCTION DELETE w", "+OK\r\n");
        assertReply("FUNCTION DELETE w", "-ERR Library not found\r\n");
        assertReply("FCALL fnh_w 1 k v", "-ERR Function not found\r\n");
    }

    @Test
    void dumpIsRedisBytesAndRestores() {
        client.call("FUNCTION", "LOAD", RO_LIB);
        String dump = client.call("FUNCTION", "DUMP");
        assertThat(dump).isEqualTo("$157\r\n\u00f5\u00c3@\u008d@\u0099\u001f#!lua name=fnhlib\nredis.register\t_function{"
                + "\u00c0\u0008\u0000_`,\u0000' -\u000e_ro', callback=\u00c0 \u0012(keys, args) return`\u000c\u001f[1] end, "
                + "flags={'no-writes'}, de\u0004scrip@j\u0004='d'}\n\u0000nQGV\u00b49\u009cl\r\n");
        byte[] payload = dump.substring(6, dump.length() - 2).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(new String(client.callBytes("FUNCTION".getBytes(), "RESTORE".getBytes(), payload),
                java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("-ERR Library fnhlib already exists\r\n");
        assertReply("FUNCTION FLUSH", "+OK\r\n");
        assertThat(new String(client.callBytes("FUNCTION".getBytes(), "RESTORE".getBytes(), payload),
                java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n");
        assertReply("FCALL fnh_ro 0 back", "$4\r\nback\r\n");
        assertReply("FUNCTION RESTORE garbage", "-ERR DUMP payload version or checksum are wrong\r\n");
    }

    @Test
    void functionKillStopsABusyFunction() throws Exception {
        server.config().parameter("busy-reply-threshold").setter().accept("200");
        client.call("FUNCTION", "LOAD", "#!lua name=loop\nredis.register_function('fnh_loop', function() while true do end end)");
        RawClient other = newClient();
        try {
            client.send("FCALL", "fnh_loop", "0");
            Thread.sleep(400);
            assertThat(other.call("PING"))
                    .isEqualTo("-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n");
            assertThat(other.call("SCRIPT", "KILL"))
                    .isEqualTo("-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n");
            assertThat(other.call("FUNCTION", "STATS")).startsWith("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n"
                    + "$8\r\nfnh_loop\r\n$7\r\ncommand\r\n*3\r\n$5\r\nFCALL\r\n$8\r\nfnh_loop\r\n$1\r\n0\r\n$11\r\nduration_ms\r\n:");
            assertThat(other.call("FUNCTION", "KILL")).isEqualTo("+OK\r\n");
            assertThat(client.readReplyString()).isEqualTo(
                    "-ERR Script killed by user with SCRIPT KILL... script: fnh_loop, on @user_function:2.\r\n");
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(other.call("FUNCTION", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        } finally {
            other.close();
            server.config().parameter("busy-reply-threshold").setter().accept("5000");
        }
    }
}
