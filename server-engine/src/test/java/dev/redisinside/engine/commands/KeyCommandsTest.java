package dev.redisinside.engine.commands;

import dev.redisinside.engine.config.ServerConfig;
import dev.redisinside.engine.support.EngineTest;
import dev.redisinside.engine.support.RawClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCommandsTest extends EngineTest {

    private static final String LFU_NOT_SELECTED = "-ERR An LFU maxmemory policy is not selected, access frequency not"
            + " tracked. Please note that when switching between policies at runtime LRU and LFU data will take some"
            + " time to adjust.\r\n";
    private static final String LFU_SELECTED = "-ERR An LFU maxmemory policy is selected, idle time not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to"
            + " adjust.\r\n";

    private static final Instant WHOLE_MINUTE = Instant.parse("2031-01-01T00:00:00Z");

    @Test
    void delAndUnlinkCountTheKeysTheyRemoved() {
        assertReply("SET a 1", "+OK\r\n");
        assertReply("SET b 2", "+OK\r\n");
        assertReply("SET c 3", "+OK\r\n");
        assertReply("DEL a b x", ":2\r\n");
        assertReply("DEL a", ":0\r\n");
        assertReply("UNLINK c c", ":1\r\n");
        assertReply("EXISTS a b c", ":0\r\n");
        assertReply("DEL", "-ERR wrong number of arguments for 'del' command\r\n");
        assertReply("UNLINK", "-ERR wrong number of arguments for 'unlink' command\r\n");
    }

    @Test
    void existsCountsRepeatedKeysEachTime() {
        assertReply("SET a 1", "+OK\r\n");
        assertReply("EXISTS a a b", ":2\r\n");
        assertReply("SET \"\\x00bin\\xff\" v", "+OK\r\n");
        assertReply("EXISTS \"\\x00bin\\xff\"", ":1\r\n");
    }

    @Test
    void typeNamesTheValueTypeOrNone() {
        assertReply("SET s v", "+OK\r\n");
        assertReply("TYPE s", "+string\r\n");
        assertReply("TYPE missing", "+none\r\n");
        assertReply("TYPE", "-ERR wrong number of arguments for 'type' command\r\n");
    }

    @Test
    void keysMatchesGlobPatterns() {
        assertReply("SET hello 1", "+OK\r\n");
        assertReply("SET hallo 2", "+OK\r\n");
        assertReply("SET hxllo 3", "+OK\r\n");
        assertReply("SET heeello 4", "+OK\r\n");
        assertReply("SET other 5", "+OK\r\n");
        assertReply("KEYS h?llo*x", "*0\r\n");
        assertReply("KEYS h[^ae]llo", "*1\r\n$5\r\nhxllo\r\n");
        assertReply("KEYS hee*o", "*1\r\n$7\r\nheeello\r\n");
        assertReply("KEYS oth[a-f]r", "*1\r\n$5\r\nother\r\n");
        assertThat(arrayItems(call("KEYS *"))).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "heeello", "other");
        assertThat(arrayItems(call("KEYS h[ae]llo"))).containsExactlyInAnyOrder("hello", "hallo");
        assertReply("KEYS a b", "-ERR wrong number of arguments for 'keys' command\r\n");
    }

    @Test
    void keysAndScanSkipExpiredKeys() {
        assertReply("SET live 1", "+OK\r\n");
        assertReply("SET dying 1", "+OK\r\n");
        assertReply("PEXPIRE dying 100", ":1\r\n");
        server.clock().fastForward(Duration.ofSeconds(1));
        assertReply("KEYS *", "*1\r\n$4\r\nlive\r\n");
        assertReply("SCAN 0 COUNT 100", "*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlive\r\n");
    }

    @Test
    void scanValidatesCursorAndOptions() {
        assertReply("SCAN x", "-ERR invalid cursor\r\n");
        assertReply("SCAN \" 1\"", "-ERR invalid cursor\r\n");
        assertReply("SCAN 1x", "-ERR invalid cursor\r\n");
        assertReply("SCAN -", "-ERR invalid cursor\r\n");
        assertReply("SCAN 18446744073709551616", "-ERR invalid cursor\r\n");
        assertReply("SCAN 18446744073709551615", "*2\r\n$1\r\n0\r\n*0\r\n");
        assertReply("SCAN -1", "*2\r\n$1\r\n0\r\n*0\r\n");
        assertReply("SCAN +0", "*2\r\n$1\r\n0\r\n*0\r\n");
        assertReply("SCAN \"\"", "*2\r\n$1\r\n0\r\n*0\r\n");
        assertReply("SCAN 0 COUNT 0", "-ERR syntax error\r\n");
        assertReply("SCAN 0 COUNT -1", "-ERR syntax error\r\n");
        assertReply("SCAN 0 COUNT x", "-ERR value is not an integer or out of range\r\n");
        assertReply("SCAN 0 COUNT", "-ERR syntax error\r\n");
        assertReply("SCAN 0 MATCH", "-ERR syntax error\r\n");
        assertReply("SCAN 0 TYPE", "-ERR syntax error\r\n");
        assertReply("SCAN 0 FOO bar", "-ERR syntax error\r\n");
        assertReply("SCAN x COUNT 0", "-ERR invalid cursor\r\n");
    }

    @Test
    void scanFiltersByPatternAndType() {
        assertReply("SET k1 a", "+OK\r\n");
        assertReply("SET k2 b", "+OK\r\n");
        assertReply("SET other c", "+OK\r\n");
        assertThat(arrayItems(call("SCAN 0 MATCH k* COUNT 100"))).containsExactlyInAnyOrder("0", "k1", "k2");
        assertThat(arrayItems(call("SCAN 0 TYPE STRING COUNT 100"))).containsExactlyInAnyOrder("0", "k1", "k2", "other");
        assertReply("SCAN 0 TYPE hash COUNT 100", "*2\r\n$1\r\n0\r\n*0\r\n");
        assertReply("SCAN 0 MATCH oth* TYPE string COUNT 100", "*2\r\n$1\r\n0\r\n*1\r\n$5\r\nother\r\n");
    }

    @Test
    void scanVisitsEveryKeyAcrossCalls() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertReply("SET key:" + i + " v", "+OK\r\n");
            expected.add("key:" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> items = arrayItems(call("SCAN " + cursor + " COUNT 20"));
            cursor = items.get(0);
            seen.addAll(items.subList(1, items.size()));
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(expected);
        assertThat(calls).isGreaterThan(10);
    }

    @Test
    void randomkeyReturnsAKeyOrNull() {
        assertReply("RANDOMKEY", "$-1\r\n");
        assertReply("SET only v", "+OK\r\n");
        assertReply("RANDOMKEY", "$4\r\nonly\r\n");
        assertReply("PEXPIRE only 50", ":1\r\n");
        server.clock().fastForward(Duration.ofSeconds(1));
        assertReply("RANDOMKEY", "$-1\r\n");
        call("HELLO 3");
        assertReply("RANDOMKEY", "_\r\n");
    }

    @Test
    void renameMovesValueAndTimeToLive() {
        assertReply("RENAME nokey x", "-ERR no such key\r\n");
        assertReply("RENAME nokey nokey", "-ERR no such key\r\n");
        assertReply("RENAMENX nokey x", "-ERR no such key\r\n");
        assertReply("SET a 1", "+OK\r\n");
        assertReply("RENAME a a", "+OK\r\n");
        assertReply("RENAMENX a a", ":0\r\n");
        assertReply("EXPIRE a 100", ":1\r\n");
        assertReply("SET b 2", "+OK\r\n");
        assertReply("RENAME a b", "+OK\r\n");
        assertReply("GET b", "$1\r\n1\r\n");
        assertReply("EXISTS a", ":0\r\n");
        assertReply("TTL b", ":100\r\n");
        assertReply("SET c 3", "+OK\r\n");
        assertReply("RENAMENX c b", ":0\r\n");
        assertReply("RENAMENX c d", ":1\r\n");
        assertReply("TTL d", ":-1\r\n");
        assertReply("GET d", "$1\r\n3\r\n");
        assertReply("RENAME d", "-ERR wrong number of arguments for 'rename' command\r\n");
    }

    @Test
    void renameOntoAnExpiredKeyWorks() {
        assertReply("SET a 1", "+OK\r\n");
        assertReply("SET b 2", "+OK\r\n");
        assertReply("PEXPIRE b 10", ":1\r\n");
        server.clock().fastForward(Duration.ofSeconds(1));
        assertReply("RENAMENX a b", ":1\r\n");
        assertReply("GET b", "$1\r\n1\r\n");
    }

    @Test
    void copyDuplicatesWithOptions() {
        assertReply("SET a hello", "+OK\r\n");
        assertReply("COPY a a", "-ERR source and destination objects are the same\r\n");
        assertReply("COPY a a DB 0", "-ERR source and destination objects are the same\r\n");
        assertReply("COPY nokey nokey", "-ERR source and destination objects are the same\r\n");
        assertReply("COPY nokey b", ":0\r\n");
        assertReply("COPY a b FOO", "-ERR syntax error\r\n");
        assertReply("COPY a b DB", "-ERR syntax error\r\n");
        assertReply("COPY a b DB x", "-ERR value is not an integer or out of range\r\n");
        assertReply("COPY a b DB 16", "-ERR DB index is out of range\r\n");
        assertReply("COPY a b DB -1", "-ERR DB index is out of range\r\n");
        assertReply("COPY a b DB 4294967296",
                "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        assertReply("COPY a b DB 16 FOO", "-ERR DB index is out of range\r\n");
        assertReply("COPY a b", ":1\r\n");
        assertReply("COPY a b", ":0\r\n");
        assertReply("SET a world", "+OK\r\n");
        assertReply("COPY a b REPLACE", ":1\r\n");
        assertReply("GET b", "$5\r\nworld\r\n");
        assertReply("PEXPIREAT a 33177117420000", ":1\r\n");
        assertReply("COPY a c DB 1 REPLACE REPLACE", ":1\r\n");
        assertReply("COPY a a DB 1", ":1\r\n");
        assertReply("SELECT 1", "+OK\r\n");
        assertReply("GET c", "$5\r\nworld\r\n");
        assertReply("PEXPIRETIME c", ":33177117420000\r\n");
        assertReply("COPY c c DB 1", "-ERR source and destination objects are the same\r\n");
        assertReply("COPY c a DB 0 REPLACE", ":1\r\n");
    }

    @Test
    void moveTransfersAKeyBetweenDatabases() {
        assertReply("SET a 1", "+OK\r\n");
        assertReply("MOVE a 0", "-ERR source and destination objects are the same\r\n");
        assertReply("MOVE nokey 0", "-ERR source and destination objects are the same\r\n");
        assertReply("MOVE a 16", "-ERR DB index is out of range\r\n");
        assertReply("MOVE a -1", "-ERR DB index is out of range\r\n");
        assertReply("MOVE a x", "-ERR value is not an integer or out of range\r\n");
        assertReply("MOVE a 99999999999", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        assertReply("MOVE nokey 1", ":0\r\n");
        assertReply("EXPIRE a 100", ":1\r\n");
        assertReply("MOVE a 1", ":1\r\n");
        assertReply("EXISTS a", ":0\r\n");
        assertReply("SET a 2", "+OK\r\n");
        assertReply("MOVE a 1", ":0\r\n");
        assertReply("SELECT 1", "+OK\r\n");
        assertReply("GET a", "$1\r\n1\r\n");
        assertReply("TTL a", ":100\r\n");
    }

    @Test
    void touchCountsExistingKeys() {
        assertReply("SET a 1", "+OK\r\n");
        assertReply("SET b 2", "+OK\r\n");
        assertReply("TOUCH a b c a", ":3\r\n");
        assertReply("TOUCH", "-ERR wrong number of arguments for 'touch' command\r\n");
    }

    @Test
    void expireOptionsAreValidatedBeforeTheKeyIsLookedUp() {
        assertReply("EXPIRE k 10 foo", "-ERR Unsupported option foo\r\n");
        assertReply("EXPIRE k 10 NX XX", "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        assertReply("EXPIRE k 10 NX GT", "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        assertReply("EXPIRE k 10 LT NX", "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        assertReply("EXPIRE k 10 GT LT", "-ERR GT and LT options at the same time are not compatible\r\n");
        assertReply("EXPIRE k 10 XX GT LT", "-ERR GT and LT options at the same time are not compatible\r\n");
        assertReply("EXPIRE k x foo", "-ERR Unsupported option foo\r\n");
        assertReply("EXPIRE k x", "-ERR value is not an integer or out of range\r\n");
        assertReply("EXPIRE k 10", ":0\r\n");
        assertReply("EXPIRE k 9223372036854776", "-ERR invalid expire time in 'expire' command\r\n");
        assertReply("EXPIRE k -9223372036854776", "-ERR invalid expire time in 'expire' command\r\n");
        assertReply("EXPIREAT k 9223372036854776", "-ERR invalid expire time in 'expireat' command\r\n");
        assertReply("PEXPIRE k 9223372036854775807", "-ERR invalid expire time in 'pexpire' command\r\n");
        assertReply("PEXPIREAT k 9223372036854775807", ":0\r\n");
        assertReply("PEXPIREAT k -9223372036854775808", ":0\r\n");
        assertReply("EXPIRE k 10 nx", ":0\r\n");
        assertReply("expire k 10 Nx Nx", ":0\r\n");
        assertReply("EXPIRE k", "-ERR wrong number of arguments for 'expire' command\r\n");
    }

    @Test
    void expireConditionsCompareWithTheCurrentDeadline() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("EXPIRE k 100 XX", ":0\r\n");
        assertReply("EXPIRE k 100 GT", ":0\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("EXPIRE k 100 LT", ":1\r\n");
        assertReply("TTL k", ":100\r\n");
        assertReply("EXPIRE k 200 NX", ":0\r\n");
        assertReply("EXPIRE k 200 LT", ":0\r\n");
        assertReply("EXPIRE k 50 GT", ":0\r\n");
        assertReply("EXPIRE k 200 GT", ":1\r\n");
        assertReply("TTL k", ":200\r\n");
        assertReply("EXPIRE k 150 XX LT", ":1\r\n");
        assertReply("TTL k", ":150\r\n");
        assertReply("PERSIST k", ":1\r\n");
        assertReply("EXPIRE k 10 NX", ":1\r\n");
        assertReply("TTL k", ":10\r\n");
    }

    @Test
    void expireInThePastDeletesTheKey() {
        assertReply("SET a 1", "+OK\r\n");
        assertReply("SET b 2", "+OK\r\n");
        assertReply("SET c 3", "+OK\r\n");
        assertReply("SET d 4", "+OK\r\n");
        assertReply("EXPIRE a -1", ":1\r\n");
        assertReply("PEXPIRE b 0", ":1\r\n");
        assertReply("EXPIREAT c 1", ":1\r\n");
        assertReply("PEXPIREAT d 1000", ":1\r\n");
        assertReply("DBSIZE", ":0\r\n");
        assertReply("SET k v", "+OK\r\n");
        assertReply("EXPIRE k -100 LT", ":1\r\n");
        assertReply("EXISTS k", ":0\r\n");
    }

    @Test
    void ttlRoundsToTheNearestSecond() {
        assertReply("TTL nokey", ":-2\r\n");
        assertReply("PTTL nokey", ":-2\r\n");
        assertReply("EXPIRETIME nokey", ":-2\r\n");
        assertReply("PEXPIRETIME nokey", ":-2\r\n");
        assertReply("SET k v", "+OK\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("PTTL k", ":-1\r\n");
        assertReply("EXPIRETIME k", ":-1\r\n");
        assertReply("PEXPIRETIME k", ":-1\r\n");
        assertReply("PEXPIRE k 10000", ":1\r\n");
        assertReply("TTL k", ":10\r\n");
        long pttl = Long.parseLong(call("PTTL k").substring(1).trim());
        assertThat(pttl).isBetween(9000L, 10000L);
        server.clock().fastForward(Duration.ofMillis(8600));
        assertReply("TTL k", ":1\r\n");
        server.clock().fastForward(Duration.ofMillis(1000));
        assertReply("TTL k", ":0\r\n");
        server.clock().fastForward(Duration.ofMillis(500));
        assertReply("TTL k", ":-2\r\n");
    }

    @Test
    void expiretimeReportsTheAbsoluteDeadline() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("EXPIREAT k 33177117420", ":1\r\n");
        assertReply("EXPIRETIME k", ":33177117420\r\n");
        assertReply("PEXPIRETIME k", ":33177117420000\r\n");
        assertReply("PEXPIREAT k 33177117420999", ":1\r\n");
        assertReply("EXPIRETIME k", ":33177117421\r\n");
        assertReply("PEXPIREAT k 33177117420499", ":1\r\n");
        assertReply("EXPIRETIME k", ":33177117420\r\n");
    }

    @Test
    void persistRemovesTheTimeToLive() {
        assertReply("PERSIST nokey", ":0\r\n");
        assertReply("SET k v", "+OK\r\n");
        assertReply("PERSIST k", ":0\r\n");
        assertReply("EXPIRE k 100", ":1\r\n");
        assertReply("PERSIST k", ":1\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("EXPIRE k 100", ":1\r\n");
        assertReply("SET k w", "+OK\r\n");
        assertReply("TTL k", ":-1\r\n");
    }

    @Test
    void activeExpiryRemovesKeysNobodyReads() {
        for (int i = 0; i < 50; i++) {
            assertReply("SET volatile:" + i + " v", "+OK\r\n");
            assertReply("PEXPIRE volatile:" + i + " 100", ":1\r\n");
        }
        assertReply("SET stays v", "+OK\r\n");
        assertReply("DBSIZE", ":51\r\n");
        server.fastForward(Duration.ofSeconds(1));
        assertReply("DBSIZE", ":1\r\n");
    }

    @Test
    void objectEncodingOfStrings() {
        assertReply("SET int 12345", "+OK\r\n");
        assertReply("SET negative -12345", "+OK\r\n");
        assertReply("SET notint 0123", "+OK\r\n");
        assertReply("SET short hello", "+OK\r\n");
        assertReply("SET limit 12345678901234567890123456789012345678901234", "+OK\r\n");
        assertReply("SET long 123456789012345678901234567890123456789012345", "+OK\r\n");
        assertReply("OBJECT ENCODING int", "$3\r\nint\r\n");
        assertReply("OBJECT ENCODING negative", "$3\r\nint\r\n");
        assertReply("OBJECT ENCODING notint", "$6\r\nembstr\r\n");
        assertReply("OBJECT ENCODING short", "$6\r\nembstr\r\n");
        assertReply("OBJECT ENCODING limit", "$6\r\nembstr\r\n");
        assertReply("OBJECT ENCODING long", "$3\r\nraw\r\n");
        assertReply("OBJECT ENCODING nokey", "$-1\r\n");
        assertReply("OBJECT ENCODING", "-ERR wrong number of arguments for 'object|encoding' command\r\n");
        assertReply("OBJECT ENCODING a b", "-ERR wrong number of arguments for 'object|encoding' command\r\n");
        assertReply("OBJECT", "-ERR wrong number of arguments for 'object' command\r\n");
        assertReply("OBJECT foo k", "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n");
    }

    @Test
    void objectRefcountIsSharedForSmallIntegers() {
        assertReply("SET small 100", "+OK\r\n");
        assertReply("SET big 10000", "+OK\r\n");
        assertReply("SET text abc", "+OK\r\n");
        assertReply("OBJECT REFCOUNT small", ":2147483647\r\n");
        assertReply("OBJECT REFCOUNT big", ":1\r\n");
        assertReply("OBJECT REFCOUNT text", ":1\r\n");
        assertReply("OBJECT REFCOUNT nokey", "$-1\r\n");
    }

    @Test
    void objectIdletimeCountsSecondsSinceLastAccess() {
        server.setTime(WHOLE_MINUTE); // the clock runs on: start on a boundary so no second ticks mid-test
        assertReply("SET k v", "+OK\r\n");
        assertReply("OBJECT IDLETIME k", ":0\r\n");
        server.clock().fastForward(Duration.ofSeconds(30));
        assertReply("OBJECT IDLETIME k", ":30\r\n");
        assertReply("TYPE k", "+string\r\n");
        assertReply("TTL k", ":-1\r\n");
        assertReply("OBJECT IDLETIME k", ":30\r\n");
        assertReply("GET k", "$1\r\nv\r\n");
        assertReply("OBJECT IDLETIME k", ":0\r\n");
        server.clock().fastForward(Duration.ofSeconds(10));
        assertReply("RENAME k k2", "+OK\r\n");
        server.clock().fastForward(Duration.ofSeconds(5));
        assertReply("OBJECT IDLETIME k2", ":5\r\n");
        assertReply("OBJECT IDLETIME nokey", "$-1\r\n");
        assertReply("OBJECT FREQ k2", LFU_NOT_SELECTED);
        assertReply("OBJECT FREQ nokey", "$-1\r\n");
    }

    @Test
    void objectFreqTracksAccessesUnderAnLfuPolicy() {
        ServerConfig.Parameter policy = server.config().parameter("maxmemory-policy");
        policy.setter().accept("allkeys-lfu");
        server.setTime(WHOLE_MINUTE);
        try {
            assertReply("SET k v", "+OK\r\n");
            assertReply("OBJECT FREQ k", ":5\r\n");
            assertReply("OBJECT IDLETIME k", LFU_SELECTED);
            assertReply("OBJECT IDLETIME nokey", "$-1\r\n");
            assertReply("GET k", "$1\r\nv\r\n");
            assertReply("OBJECT FREQ k", ":6\r\n");
            for (int i = 0; i < 200; i++) {
                call("GET k");
            }
            long freq = Long.parseLong(call("OBJECT FREQ k").substring(1).trim());
            assertThat(freq).isBetween(7L, 30L);
            server.clock().fastForward(Duration.ofMinutes(3));
            assertReply("OBJECT FREQ k", ":" + (freq - 3) + "\r\n");
            server.clock().fastForward(Duration.ofHours(2));
            assertReply("OBJECT FREQ k", ":0\r\n");
        } finally {
            policy.setter().accept("noeviction");
        }
    }

    @Test
    void objectHelpListsTheSubcommands() {
        assertReply("OBJECT HELP", "*15\r\n"
                + "+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+ENCODING <key>\r\n"
                + "+    Return the kind of internal representation used in order to store the value\r\n"
                + "+    associated with a <key>.\r\n"
                + "+FREQ <key>\r\n"
                + "+    Return the access frequency index of the <key>. The returned integer is\r\n"
                + "+    proportional to the logarithm of the recent access frequency of the key.\r\n"
                + "+IDLETIME <key>\r\n"
                + "+    Return the idle time of the <key>, that is the approximated number of\r\n"
                + "+    seconds elapsed since the last access to the key.\r\n"
                + "+REFCOUNT <key>\r\n"
                + "+    Return the number of references of the value associated with the specified\r\n"
                + "+    <key>.\r\n"
                + "+HELP\r\n"
                + "+    Prints this help.\r\n");
        assertReply("OBJECT HELP x", "-ERR wrong number of arguments for 'object|help' command\r\n");
    }

    @Test
    void swapdbExchangesDatabasesForEveryClient() {
        assertReply("SWAPDB x 0", "-ERR invalid first DB index\r\n");
        assertReply("SWAPDB 0 x", "-ERR invalid second DB index\r\n");
        assertReply("SWAPDB 0 4294967296", "-ERR invalid second DB index\r\n");
        assertReply("SWAPDB 0 16", "-ERR DB index is out of range\r\n");
        assertReply("SWAPDB -1 0", "-ERR DB index is out of range\r\n");
        assertReply("SWAPDB 0 0", "+OK\r\n");
        assertReply("SET a zero", "+OK\r\n");
        try (RawClient other = newClient()) {
            assertThat(other.call("SELECT", "1")).isEqualTo("+OK\r\n");
            assertThat(other.call("SET", "a", "one")).isEqualTo("+OK\r\n");
            assertReply("SWAPDB 0 1", "+OK\r\n");
            assertReply("GET a", "$3\r\none\r\n");
            assertThat(other.call("GET", "a")).isEqualTo("$4\r\nzero\r\n");
        }
    }

    @Test
    void swapdbTouchesWatchedKeysThatExistOnEitherSide() {
        try (RawClient other = newClient()) {
            assertThat(other.call("SELECT", "1")).isEqualTo("+OK\r\n");
            assertThat(other.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertReply("WATCH k", "+OK\r\n");
            assertThat(other.call("SWAPDB", "0", "1")).isEqualTo("+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("GET k", "+QUEUED\r\n");
            assertReply("EXEC", "*-1\r\n");
            assertReply("WATCH k", "+OK\r\n");
            assertThat(other.call("SWAPDB", "0", "0")).isEqualTo("+OK\r\n");
            assertReply("MULTI", "+OK\r\n");
            assertReply("GET k", "+QUEUED\r\n");
            assertReply("EXEC", "*1\r\n$1\r\nv\r\n");
        }
    }

    @Test
    void watchedKeysAreTouchedByExpireAndPersist() {
        assertReply("SET k v", "+OK\r\n");
        assertReply("WATCH k", "+OK\r\n");
        try (RawClient other = newClient()) {
            assertThat(other.call("EXPIRE", "k", "100")).isEqualTo(":1\r\n");
        }
        assertReply("MULTI", "+OK\r\n");
        assertReply("GET k", "+QUEUED\r\n");
        assertReply("EXEC", "*-1\r\n");
    }

    /** The bulk strings of a (possibly nested) array reply, in order. */
    private static List<String> arrayItems(String reply) {
        List<String> items = new ArrayList<>();
        Matcher m = Pattern.compile("\\$(\\d+)\r\n").matcher(reply);
        int from = 0;
        while (m.find(from)) {
            int length = Integer.parseInt(m.group(1));
            items.add(reply.substring(m.end(), m.end() + length));
            from = m.end() + length + 2;
        }
        return items;
    }
}
