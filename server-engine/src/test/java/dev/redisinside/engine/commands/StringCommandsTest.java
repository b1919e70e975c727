package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** String commands. Expected bytes were recorded from Redis 7.0.15. */
class StringCommandsTest extends EngineTest {

    @Test
    void getReturnsTheValueOrNull() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("GET k", "$1\r\nv\r\n");
        assertReply("GET missing", "$-1\r\n");
        assertReply("SET k \"\"", "+OK\r\n");
        assertReply("GET k", "$0\r\n\r\n");
        assertReply("SET \"bin\\x00key\" \"v\\x00\\xff\"", "+OK\r\n");
        assertReply("GET \"bin\\x00key\"", "$3\r\nv\u0000\u00ff\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("GET h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("GET", "-ERR wrong number of arguments for 'get' command\r\n");
        assertReply("GET a b", "-ERR wrong number of arguments for 'get' command\r\n");
    }

    @Test
    void getMissingIsNullInResp3() {
        call("HELLO 3");
        assertReply("GET missing", "_\r\n");
        assertReply("SET k v NX", "+OK\r\n");
        assertReply("SET k v NX", "_\r\n");
        assertReply("GETDEL missing", "_\r\n");
        assertReply("GETEX missing", "_\r\n");
    }

    @Test
    void setNxAndXx() {
        assertReply("SET k v NX", "+OK\r\n");
        assertReply("SET k v2 NX", "$-1\r\n");
        assertReply("GET k", "$1\r\nv\r\n");
        assertReply("SET k v3 XX", "+OK\r\n");
        assertReply("GET k", "$2\r\nv3\r\n");
        assertReply("SET missing v XX", "$-1\r\n");
        assertReply("EXISTS missing", ":0\r\n");
        assertReply("SET k v NX XX", "-ERR syntax error\r\n");
        assertReply("SET k v XX NX", "-ERR syntax error\r\n");
        assertReply("SET k v nx nx", "$-1\r\n");
        assertReply("SET k v Xx xX", "+OK\r\n");
        assertReply("GET k", "$1\r\nv\r\n");
    }

    @Test
    void setGetReturnsTheOldValue() {
        assertReply("SET k v GET", "$-1\r\n");
        assertReply("SET k v2 GET", "$1\r\nv\r\n");
        assertReply("GET k", "$2\r\nv2\r\n");
        assertReply("SET k v3 NX GET", "$2\r\nv2\r\n");
        assertReply("GET k", "$2\r\nv2\r\n");
        assertReply("SET k v4 XX GET", "$2\r\nv2\r\n");
        assertReply("SET m v XX GET", "$-1\r\n");
        assertReply("EXISTS m", ":0\r\n");
        assertReply("SET k v5 GET GET", "$2\r\nv4\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("SET h v GET", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HLEN h", ":1\r\n");
        assertReply("SET h v NX GET", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SET h v", "+OK\r\n");
    }

    @Test
    void setExpireOptionErrors() {
        assertReply("SET k v EX", "-ERR syntax error\r\n");
        assertReply("SET k v PX", "-ERR syntax error\r\n");
        assertReply("SET k v EXAT", "-ERR syntax error\r\n");
        assertReply("SET k v PXAT", "-ERR syntax error\r\n");
        assertReply("SET k v EX abc", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET k v EX 1.5", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET k v EX 0", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v EX -1", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v PX 0", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v PXAT 0", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v EXAT -5", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v EX 9223372036854775", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v EX 9223372036854776", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v PX 9223372036854775807", "-ERR invalid expire time in 'set' command\r\n");
        assertReply("SET k v EX 9223372036854775808", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET k v EX 10 PX 100", "-ERR syntax error\r\n");
        assertReply("SET k v PX 10 EX 100", "-ERR syntax error\r\n");
        assertReply("SET k v EX 10 EXAT 100", "-ERR syntax error\r\n");
        assertReply("SET k v EXAT 10 PXAT 100", "-ERR syntax error\r\n");
        assertReply("SET k v KEEPTTL EX 10", "-ERR syntax error\r\n");
        assertReply("SET k v EX 10 KEEPTTL", "-ERR syntax error\r\n");
        assertReply("SET k v PERSIST", "-ERR syntax error\r\n");
        assertReply("SET k v EX abc NX XX", "-ERR syntax error\r\n");
        assertReply("SET k v FOO", "-ERR syntax error\r\n");
        assertReply("EXISTS k", ":0\r\n");
    }

    @Test
    void setExpireOptionsSetTtl() {
        assertReply("SET k v EX 100", "+OK\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("SET k v PX 100000", "+OK\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("SET k v EX 10 EX 100", "+OK\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("SET k v", "+OK\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("SET k v EX 100", "+OK\r\n");
        assertReply("SET k v2 KEEPTTL", "+OK\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("GET k", "$2\r\nv2\r\n");
        assertReply("SET k v3 KEEPTTL GET", "$2\r\nv2\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("SET k v EXAT 1", "+OK\r\n");
        assertReply("EXISTS k", ":0\r\n");
        assertReply("SET k v PXAT 1 GET", "$-1\r\n");
        assertReply("GET k", "$-1\r\n");
        assertReply("SETEX k 100 v", "+OK\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("PSETEX k 100000 v", "+OK\r\n");
        assertReply("TTL k", ":100\r\n");
    }

    @Test
    void setnxSetexPsetex() {
        assertReply("SETNX k v", ":1\r\n");
        assertReply("SETNX k v2", ":0\r\n");
        assertReply("GET k", "$1\r\nv\r\n");
        assertReply("SETEX k 0 v", "-ERR invalid expire time in 'setex' command\r\n");
        assertReply("SETEX k -1 v", "-ERR invalid expire time in 'setex' command\r\n");
        assertReply("SETEX k abc v", "-ERR value is not an integer or out of range\r\n");
        assertReply("SETEX k 9223372036854776 v", "-ERR invalid expire time in 'setex' command\r\n");
        assertReply("PSETEX k 0 v", "-ERR invalid expire time in 'psetex' command\r\n");
        assertReply("PSETEX k x v", "-ERR value is not an integer or out of range\r\n");
        assertReply("PSETEX k 9223372036854775807 v", "-ERR invalid expire time in 'psetex' command\r\n");
        assertReply("SETEX k 10 v2", "+OK\r\n");
        assertReply("GET k", "$2\r\nv2\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("SETNX h v", ":0\r\n");
        assertReply("SETEX h 10 v", "+OK\r\n");
        assertReply("TYPE h", "+string\r\n");
        assertReply("SETNX k", "-ERR wrong number of arguments for 'setnx' command\r\n");
        assertReply("SETEX k 10", "-ERR wrong number of arguments for 'setex' command\r\n");
    }

    @Test
    void getsetAndGetdel() {
        assertReply("GETSET k v", "$-1\r\n");
        assertReply("GETSET k v2", "$1\r\nv\r\n");
        assertReply("GET k", "$2\r\nv2\r\n");
        assertReply("SETEX k 100 v", "+OK\r\n");
        assertReply("GETSET k v3", "$1\r\nv\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("GETDEL k", "$2\r\nv3\r\n");
        assertReply("GETDEL k", "$-1\r\n");
        assertReply("EXISTS k", ":0\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("GETSET h v", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("GETDEL h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("HLEN h", ":1\r\n");
    }

    @Test
    void getexOptions() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("GETEX k", "$1\r\nv\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("GETEX k EX 100", "$1\r\nv\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("GETEX k PX 200000", "$1\r\nv\r\n");
        assertReply("TTL k", ":200\r\n");
        assertReply("GETEX k PERSIST", "$1\r\nv\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("GETEX k PERSIST", "$1\r\nv\r\n");
        assertReply("GETEX k EXAT 1", "$1\r\nv\r\n");
        assertReply("EXISTS k", ":0\r\n");
        assertReply("SET k v", "+OK\r\n");
        assertReply("GETEX k PXAT 1", "$1\r\nv\r\n");
        assertReply("EXISTS k", ":0\r\n");
        assertReply("GETEX missing EX abc", "$-1\r\n");
        assertReply("SET k v", "+OK\r\n");
        assertReply("GETEX k EX abc", "-ERR value is not an integer or out of range\r\n");
        assertReply("GETEX k EX 0", "-ERR invalid expire time in 'getex' command\r\n");
        assertReply("GETEX k PX -1", "-ERR invalid expire time in 'getex' command\r\n");
        assertReply("GETEX k EX 9223372036854776", "-ERR invalid expire time in 'getex' command\r\n");
        assertReply("GETEX k EX 10 PX 10", "-ERR syntax error\r\n");
        assertReply("GETEX k PERSIST EX 10", "-ERR syntax error\r\n");
        assertReply("GETEX k EX 10 PERSIST", "-ERR syntax error\r\n");
        assertReply("GETEX k NX", "-ERR syntax error\r\n");
        assertReply("GETEX k GET", "-ERR syntax error\r\n");
        assertReply("GETEX k KEEPTTL", "-ERR syntax error\r\n");
        assertReply("GETEX k EX", "-ERR syntax error\r\n");
        assertReply("GETEX k PERSIST PERSIST", "$1\r\nv\r\n");
        assertReply("GETEX k EX 10 EX 20", "$1\r\nv\r\n");
        assertReply("TTL k", ":20\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("GETEX h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("GETEX h EX 10", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("GETEX h FOO", "-ERR syntax error\r\n");
    }

    @Test
    void mgetMsetMsetnx() {
        assertReply("MSET a 1 b 2", "+OK\r\n");
        assertReply("MGET a b c", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n");
        assertReply("MSET a 1 b", "-ERR wrong number of arguments for 'mset' command\r\n");
        assertReply("MSET a", "-ERR wrong number of arguments for 'mset' command\r\n");
        assertReply("MSETNX a 1 c 3", ":0\r\n");
        assertReply("EXISTS c", ":0\r\n");
        assertReply("MSETNX c 3 d 4", ":1\r\n");
        assertReply("MGET a b c d", "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        assertReply("MSETNX e 1 e 2", ":1\r\n");
        assertReply("GET e", "$1\r\n2\r\n");
        assertReply("MSETNX x", "-ERR wrong number of arguments for 'msetnx' command\r\n");
        assertReply("MSETNX x 1 y", "-ERR wrong number of arguments for 'msetnx' command\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("MGET h a", "*2\r\n$-1\r\n$1\r\n1\r\n");
        assertReply("MSETNX h 1 z 2", ":0\r\n");
        assertReply("MSET h 1", "+OK\r\n");
        assertReply("GET h", "$1\r\n1\r\n");
        assertReply("SETEX t 100 v", "+OK\r\n");
        assertReply("MSET t 2", "+OK\r\n");
        assertReply("TTL t", ":-1\r\n");
    }

    @Test
    void appendAndStrlen() {
        assertReply("APPEND k hello", ":5\r\n");
        assertReply("APPEND k \" world\"", ":11\r\n");
        assertReply("GET k", "$11\r\nhello world\r\n");
        assertReply("STRLEN k", ":11\r\n");
        assertReply("STRLEN missing", ":0\r\n");
        assertReply("APPEND k \"\"", ":11\r\n");
        assertReply("STRLEN k", ":11\r\n");
        assertReply("SET n 12", "+OK\r\n");
        assertReply("APPEND n 34", ":4\r\n");
        assertReply("INCR n", ":1235\r\n");
        assertReply("GET n", "$4\r\n1235\r\n");
        assertReply("SETEX t 100 ab", "+OK\r\n");
        assertReply("APPEND t cd", ":4\r\n");
        assertReply("TTL t", ":100\r\n");
        assertReply("GET t", "$4\r\nabcd\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("APPEND h x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("STRLEN h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("APPEND \"b\\x00\" \"\\x00\\xff\"", ":2\r\n");
        assertReply("GET \"b\\x00\"", "$2\r\n\u0000\u00ff\r\n");
        assertReply("STRLEN \"b\\x00\"", ":2\r\n");
    }

    @Test
    void getrangeIndexes() {
        assertReply("SET k \"This is a string\"", "+OK\r\n");
        assertReply("GETRANGE k 0 3", "$4\r\nThis\r\n");
        assertReply("GETRANGE k -3 -1", "$3\r\ning\r\n");
        assertReply("GETRANGE k 0 -1", "$16\r\nThis is a string\r\n");
        assertReply("GETRANGE k 10 100", "$6\r\nstring\r\n");
        assertReply("GETRANGE k -100 -50", "$1\r\nT\r\n");
        assertReply("GETRANGE k -1 -3", "$0\r\n\r\n");
        assertReply("GETRANGE k 5 3", "$0\r\n\r\n");
        assertReply("GETRANGE k -100 2", "$3\r\nThi\r\n");
        assertReply("GETRANGE k 20 30", "$0\r\n\r\n");
        assertReply("GETRANGE k 0 9223372036854775807", "$16\r\nThis is a string\r\n");
        assertReply("GETRANGE k -9223372036854775808 0", "$1\r\nT\r\n");
        assertReply("GETRANGE missing 0 -1", "$0\r\n\r\n");
        assertReply("GETRANGE k a 1", "-ERR value is not an integer or out of range\r\n");
        assertReply("GETRANGE k 0 b", "-ERR value is not an integer or out of range\r\n");
        assertReply("GETRANGE missing x 1", "-ERR value is not an integer or out of range\r\n");
        assertReply("SUBSTR k 0 3", "$4\r\nThis\r\n");
        assertReply("SET e \"\"", "+OK\r\n");
        assertReply("GETRANGE e 0 -1", "$0\r\n\r\n");
        assertReply("GETRANGE e -1 0", "$0\r\n\r\n");
        assertReply("SET n 12345", "+OK\r\n");
        assertReply("GETRANGE n 1 2", "$2\r\n23\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("GETRANGE h 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("GETRANGE k 0", "-ERR wrong number of arguments for 'getrange' command\r\n");
    }

    @Test
    void setrangeWritesAndPads() {
        assertReply("SET k \"Hello World\"", "+OK\r\n");
        assertReply("SETRANGE k 6 Redis", ":11\r\n");
        assertReply("GET k", "$11\r\nHello Redis\r\n");
        assertReply("SETRANGE k 20 x", ":21\r\n");
        assertReply("GET k", "$21\r\nHello Redis\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000x\r\n");
        assertReply("SETRANGE missing 0 \"\"", ":0\r\n");
        assertReply("EXISTS missing", ":0\r\n");
        assertReply("SETRANGE missing 3 ab", ":5\r\n");
        assertReply("GET missing", "$5\r\n\u0000\u0000\u0000ab\r\n");
        assertReply("SETRANGE k 0 \"\"", ":21\r\n");
        assertReply("SETRANGE k -1 x", "-ERR offset is out of range\r\n");
        assertReply("SETRANGE k x y", "-ERR value is not an integer or out of range\r\n");
        assertReply("SETRANGE k 536870911 x", ":536870912\r\n");
        assertReply("SETRANGE k 536870912 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertReply("SETRANGE k 9223372036854775807 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        assertReply("SETRANGE k -1 \"\"", "-ERR offset is out of range\r\n");
        assertReply("SET n 12", "+OK\r\n");
        assertReply("SETRANGE n 2 3", ":3\r\n");
        assertReply("INCR n", ":124\r\n");
        assertReply("SETEX t 100 abc", "+OK\r\n");
        assertReply("SETRANGE t 1 X", ":3\r\n");
        assertReply("TTL t", ":100\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("SETRANGE h 0 x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SETRANGE h 0 \"\"", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("SETRANGE h -1 x", "-ERR offset is out of range\r\n");
    }

    @Test
    void incrDecrFamily() {
        assertReply("INCR k", ":1\r\n");
        assertReply("INCR k", ":2\r\n");
        assertReply("INCRBY k 10", ":12\r\n");
        assertReply("DECR k", ":11\r\n");
        assertReply("DECRBY k 5", ":6\r\n");
        assertReply("INCRBY k -20", ":-14\r\n");
        assertReply("DECRBY k -3", ":-11\r\n");
        assertReply("GET k", "$3\r\n-11\r\n");
        assertReply("SET k 9223372036854775807", "+OK\r\n");
        assertReply("INCR k", "-ERR increment or decrement would overflow\r\n");
        assertReply("INCRBY k 0", ":9223372036854775807\r\n");
        assertReply("DECRBY k 1", ":9223372036854775806\r\n");
        assertReply("SET k -9223372036854775808", "+OK\r\n");
        assertReply("DECR k", "-ERR increment or decrement would overflow\r\n");
        assertReply("INCRBY k -1", "-ERR increment or decrement would overflow\r\n");
        assertReply("DECRBY k -9223372036854775807", ":-1\r\n");
        assertReply("DECRBY k 9223372036854775808", "-ERR value is not an integer or out of range\r\n");
        assertReply("DECRBY x -9223372036854775808", "-ERR decrement would overflow\r\n");
        assertReply("INCRBY x -9223372036854775808", ":-9223372036854775808\r\n");
        assertReply("SET s abc", "+OK\r\n");
        assertReply("INCR s", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET s \" 1\"", "+OK\r\n");
        assertReply("INCR s", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET s 01", "+OK\r\n");
        assertReply("INCR s", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET s 1.5", "+OK\r\n");
        assertReply("INCR s", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET s \"\"", "+OK\r\n");
        assertReply("INCR s", "-ERR value is not an integer or out of range\r\n");
        assertReply("INCRBY k x", "-ERR value is not an integer or out of range\r\n");
        assertReply("INCRBY k 1.0", "-ERR value is not an integer or out of range\r\n");
        assertReply("DECRBY k \"\"", "-ERR value is not an integer or out of range\r\n");
        assertReply("SETEX t 100 5", "+OK\r\n");
        assertReply("INCR t", ":6\r\n");
        assertReply("TTL t", ":100\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("INCR h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("DECRBY h 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("INCRBY h x", "-ERR value is not an integer or out of range\r\n");
        assertReply("SET big 99999999999999999999", "+OK\r\n");
        assertReply("INCR big", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void incrbyfloatUsesLongDoubles() {
        assertReply("SET k 10.5", "+OK\r\n");
        assertReply("INCRBYFLOAT k 0.1", "$4\r\n10.6\r\n");
        assertReply("INCRBYFLOAT k -5.6", "$1\r\n5\r\n");
        assertReply("INCRBYFLOAT k 5.0e3", "$4\r\n5005\r\n");
        assertReply("INCRBYFLOAT missing 3", "$1\r\n3\r\n");
        assertReply("INCRBYFLOAT missing 0.1", "$3\r\n3.1\r\n");
        assertReply("INCRBYFLOAT missing 0.2", "$3\r\n3.3\r\n");
        assertReply("SET k 1", "+OK\r\n");
        assertReply("INCRBYFLOAT k 1", "$1\r\n2\r\n");
        assertReply("SET k 3.0e3", "+OK\r\n");
        assertReply("INCRBYFLOAT k 1.5", "$6\r\n3001.5\r\n");
        assertReply("INCRBYFLOAT k 1e-20", "$6\r\n3001.5\r\n");
        assertReply("INCRBYFLOAT k -3001.5", "$1\r\n0\r\n");
        assertReply("SET k 1e308", "+OK\r\n");
        assertReply("INCRBYFLOAT k 1e308", "$309\r\n199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156096\r\n");
        assertReply("INCRBYFLOAT k inf", "-ERR increment would produce NaN or Infinity\r\n");
        assertReply("SET k abc", "+OK\r\n");
        assertReply("INCRBYFLOAT k 1", "-ERR value is not a valid float\r\n");
        assertReply("SET k 1", "+OK\r\n");
        assertReply("INCRBYFLOAT k abc", "-ERR value is not a valid float\r\n");
        assertReply("INCRBYFLOAT k nan", "-ERR value is not a valid float\r\n");
        assertReply("INCRBYFLOAT k \" 1\"", "-ERR value is not a valid float\r\n");
        assertReply("INCRBYFLOAT k \"1 \"", "-ERR value is not a valid float\r\n");
        assertReply("INCRBYFLOAT k 1e5000", "-ERR value is not a valid float\r\n");
        assertReply("INCRBYFLOAT k 0x10", "$2\r\n17\r\n");
        assertReply("INCRBYFLOAT k 1.18e4932", "$4933\r\n1180000000000000000000652812918093699202690437140160471729831240061836527728446996012081496266122792766769526197391834470385973446835903298007991162169912966947483432647234577200620123818005620603216257683072266755211783073893898892841127338796175305374054091321687546156682155069073575171445007331886449883972605670279112001894706223479273103388187109252411475067321186171650490014973281786310961801892974347811555972675118076008364474119889409096902972911571111722000012900838073028887876011653413722049093775689610052158171712672675312191860205707373857429696551375461512237222374125392296878412490926543256444715457885744757843332317750009750044474026536227473904108356153561601836754442548437331630037906553604744949536052094844982697237163293846595793258042695214484990516867168618164099787322518019960254607003540997954076606590858795050113610840630804766871136616096982025230870439467519299693068341253864352069045881626821806916079867754639859469835409085083594237523080292455434741052868642836835210064989898506786513997391275147656863273129451676352529023424735216484708541519480383689313518880865332035386986581272618282622263294922458522487092489246848496220427191942086507486544776470922310619000995917510864138006375800351059431677908692814905392594556749361661108507097928847605190877634012108914507104486113446632140122768706008638984440444198305569232385679153938559797935021816219139585866861382724251371364526030115222178568045453654547409741333506956237640992066929023173269233654683532111622851704286923188006244792169250738500363927791147370600107300854922046256077724098335184191723549570219751132076688397032232131864422262128386814242042433021010643793830637879715393923070470176438389631582735600410608292223519551435722202597740323075649281123602380362432096140576547879322985016432010390630709666677007420717046036747982344446642247311826011876662720752591997603001901888151960861797042788112416889721405076107717310955903048252818561918602080662514292460866146139724050582377608975562156524273382537932855085468816961079044082733624654313500464992566968563697686008555988481210914042712850600793163708299712413566896579577491705957884445667058253741893317205684197536054822744804652416156580893826000572389070053936205923925166847319592734073740337961359180888245875673002110522779038346737920578235219062791324852056744699697950909270492071436126295948101137596430106513153861481385093555883246892187259379586908398955559139676430431479041029234127555336912060788541520162560158359279679421628678763992736089307860030752828652481868251222163929309566396626089930340364495283446510762008616030226734269488012978691544148687956832009063891719358442436062152955251648426046186743362865128313040543008364722577148548027503143662437092951494462744876143865873898575005587453968482256732226717507658830506541647189181112311971028195238821918504810628023248710999797545027520421514318196657569279971379239736676020452238303630497519919062153480653628449604451332111593716402554065177980694979163881698664541180149135653819092130890109215017921974689654229453155826443979960995798006711235595049584766811146505145397676813614581856512743436620813791643836651522272332831696150579335013786807977229817660274534189290709809957605037228977004713897424909992111564890380469059240068268195012694238538547910270782388685619277638094729075696231217932047081103452374538517611467369583161657057019250658156584566311760738135047415894967698889479470998763402046639180166784535208471077226676674420718691260687095485255502405982930311543281379958121633960951545538186059161675736792549198479360379338077007658139765639411871980771712876794736882693152594905636817771717256161474945775626291015767245783686711048852979080350509093989705813580682340461941673878215932907453122698607571183890061732925060115917356544095445249070071768322356448499125701280357593963898576429238363088779913522269912151170691843124741654779703628298511668041961733504412886903504715530467459998504788206824665238902254950663954466568653288005962656430119998695515993470186527833359024963284846521178530217508807249178797004385647567166371327186563619329837048997946816148541945186413857471386857078776530085336734879705024425740156796735855611847123888963075899234846068840714524970118470213153132490140015479629784422040282291288184207579459126070922819823027630691045768306394804642695159976638779238653664752673668473688927285292071386058263554978370880801473686040877448001619541811581977953772054500693749326440604142213617411543965585681360612179143186325343731925121620800797331500927455994370918404760496715673880488648459134567112619105219946835578284848821815852069426615994552896338947261882518183064552386711352852580742354189795068806327879421241741669861493568089037690852168828912932235771572050086275752407863937093313987791716297259294404240787898515981799475248091913789298771782383555351070887222606896512585853888628785152\r\n");
        assertReply("INCRBYFLOAT k 1.18e4932", "-ERR increment would produce NaN or Infinity\r\n");
        assertReply("SET k -0", "+OK\r\n");
        assertReply("INCRBYFLOAT k 0", "$1\r\n0\r\n");
        assertReply("INCRBYFLOAT k -0.000000000000000001", "$1\r\n0\r\n");
        assertReply("INCRBYFLOAT k 0.000003814697265625", "$19\r\n0.00000381469726562\r\n");
        assertReply("SETEX t 100 1", "+OK\r\n");
        assertReply("INCRBYFLOAT t 1", "$1\r\n2\r\n");
        assertReply("TTL t", ":100\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("INCRBYFLOAT h 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertReply("INCRBYFLOAT h x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void lcsVariants() {
        assertReply("MSET a ohmytext b mynewtext", "+OK\r\n");
        assertReply("LCS a b", "$6\r\nmytext\r\n");
        assertReply("LCS a b LEN", ":6\r\n");
        assertReply("LCS a b IDX", "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
        assertReply("LCS a b IDX MINMATCHLEN 4", "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n");
        assertReply("LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n");
        assertReply("LCS a b IDX WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
        assertReply("LCS a b LEN IDX", "-ERR If you want both the length and indexes, please just use IDX.\r\n");
        assertReply("LCS a b IDX LEN", "-ERR If you want both the length and indexes, please just use IDX.\r\n");
        assertReply("LCS a b MINMATCHLEN", "-ERR syntax error\r\n");
        assertReply("LCS a b MINMATCHLEN x", "-ERR value is not an integer or out of range\r\n");
        assertReply("LCS a b MINMATCHLEN -5 IDX", "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
        assertReply("LCS a b FOO", "-ERR syntax error\r\n");
        assertReply("LCS a missing", "$0\r\n\r\n");
        assertReply("LCS missing missing LEN", ":0\r\n");
        assertReply("LCS missing a IDX", "*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
        assertReply("LCS a a IDX WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:0\r\n:7\r\n*2\r\n:0\r\n:7\r\n:8\r\n$3\r\nlen\r\n:8\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("LCS a h", "-ERR The specified keys must contain string values\r\n");
        assertReply("LCS h missing", "-ERR The specified keys must contain string values\r\n");
        assertReply("LCS h a FOO", "-ERR The specified keys must contain string values\r\n");
        assertReply("LCS a b WITHMATCHLEN", "$6\r\nmytext\r\n");
        assertReply("LCS a", "-ERR wrong number of arguments for 'lcs' command\r\n");
    }

    @Test
    void lcsIdxIsAMapInResp3() {
        call("HELLO 3");
        assertReply("MSET a ohmytext b mynewtext", "+OK\r\n");
        assertReply("LCS a b IDX WITHMATCHLEN", "%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
        assertReply("LCS a b IDX MINMATCHLEN 100", "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:6\r\n");
        assertReply("LCS x y IDX", "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
    }


    @Test
    void setWithExpiryDisappearsWhenTheClockPassesIt() {
        assertReply("SET k v EX 10", "+OK\r\n");
        server.fastForward(Duration.ofSeconds(9));
        assertReply("GET k", "$1\r\nv\r\n");
        server.fastForward(Duration.ofMillis(1100));
        assertReply("GET k", "$-1\r\n");
        assertReply("PSETEX k 1500 v", "+OK\r\n");
        server.fastForward(Duration.ofMillis(1000));
        assertReply("EXISTS k", ":1\r\n");
        server.fastForward(Duration.ofMillis(600));
        assertReply("EXISTS k", ":0\r\n");
    }

    @Test
    void keepTtlAndGetexMoveTheDeadline() {
        assertReply("SETEX k 10 v", "+OK\r\n");
        assertReply("SET k v2 KEEPTTL", "+OK\r\n");
        assertReply("APPEND k x", ":3\r\n");
        assertReply("INCRBYFLOAT n 1", "$1\r\n1\r\n");
        server.fastForward(Duration.ofSeconds(5));
        assertReply("GETEX k EX 20", "$3\r\nv2x\r\n");
        server.fastForward(Duration.ofSeconds(15));
        assertReply("GET k", "$3\r\nv2x\r\n");
        assertReply("GETEX k PERSIST", "$3\r\nv2x\r\n");
        server.fastForward(Duration.ofSeconds(60));
        assertReply("GET k", "$3\r\nv2x\r\n");
        long inFiveSeconds = server.clock().millis() + 5000;
        assertReply("GETEX k PXAT " + inFiveSeconds, "$3\r\nv2x\r\n");
        assertReply("TTL k", ":5\r\n");
        server.fastForward(Duration.ofMillis(5100));
        assertReply("GET k", "$-1\r\n");
    }

    @Test
    void setGetWithExpiryReturnsTheOldValueAndSetsTheDeadline() {
        assertReply("SET k old", "+OK\r\n");
        assertReply("SET k new PX 1800 GET", "$3\r\nold\r\n");
        assertReply("TTL k", ":2\r\n");
        server.fastForward(Duration.ofMillis(1900));
        assertReply("GET k", "$-1\r\n");
    }

    @Test
    void encodingFollowsRedisRules() {
        assertThat(StringCommands.encodingOf(bytes("12345"))).isEqualTo("int");
        assertThat(StringCommands.encodingOf(bytes("-9223372036854775808"))).isEqualTo("int");
        assertThat(StringCommands.encodingOf(bytes("9223372036854775808"))).isEqualTo("embstr");
        assertThat(StringCommands.encodingOf(bytes("012"))).isEqualTo("embstr");
        assertThat(StringCommands.encodingOf(bytes("x".repeat(44)))).isEqualTo("embstr");
        assertThat(StringCommands.encodingOf(bytes("x".repeat(45)))).isEqualTo("raw");
        call("SET a 1");
        call("APPEND a 2");
        call("SETRANGE b 0 x");
        call("SET c 1");
        call("SETRANGE c 0 2");
        call("INCRBYFLOAT d 1");
        call("INCRBYFLOAT e 1.5");
        call("APPEND f 1");
        assertReply("OBJECT ENCODING a", "$3\r\nraw\r\n");
        assertReply("OBJECT ENCODING b", "$3\r\nraw\r\n");
        assertReply("OBJECT ENCODING c", "$3\r\nraw\r\n");
        assertReply("OBJECT ENCODING d", "$6\r\nembstr\r\n");
        assertReply("OBJECT ENCODING e", "$6\r\nembstr\r\n");
        assertReply("OBJECT ENCODING f", "$3\r\nint\r\n");
        call("APPEND d 0");
        assertReply("OBJECT ENCODING d", "$3\r\nraw\r\n");
        assertReply("GET d", "$2\r\n10\r\n");
    }

    @Test
    void repeatedAppendGrowsInPlace() {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            call("APPEND k " + i);
            expected.append(i);
        }
        assertReply("STRLEN k", ":" + expected.length() + "\r\n");
        assertReply("GETRANGE k 0 -1", "$" + expected.length() + "\r\n" + expected + "\r\n");
        assertReply("SETRANGE k 0 X", ":" + expected.length() + "\r\n");
        assertReply("GETRANGE k 0 2", "$3\r\nX12\r\n");
        assertReply("LCS k k LEN", ":" + expected.length() + "\r\n");
    }

    @Test
    void setrangeRespectsProtoMaxBulkLen() {
        server.config().protoMaxBulkLen = 1024 * 1024;
        try {
            assertReply("SETRANGE k 1048575 x", ":1048576\r\n");
            assertReply("SETRANGE k 1048576 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
            assertReply("APPEND k x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
            assertReply("SET a " + "x".repeat(600), "+OK\r\n");
            assertReply("LCS a a LEN",
                    "-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n");
        } finally {
            server.config().protoMaxBulkLen = 512L * 1024 * 1024;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
