package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Bitmap commands; expected bytes were taken from Redis 7.0.15. */
class BitmapCommandsTest extends EngineTest {

    @Test
    void setbitGrowsTheStringAndAnswersTheOldBit() {
        assertReply("SETBIT b 9 1", ":0\r\n");
        assertReply("GET b", "$2\r\n\u0000@\r\n");
        assertReply("SETBIT b 9 0", ":1\r\n");
        assertReply("GETBIT b 9", ":0\r\n");
        assertReply("GETBIT b 1000", ":0\r\n");
        assertReply("GETBIT missing 0", ":0\r\n");
    }

    @Test
    void offsetsAndBitValuesAreValidated() {
        assertReply("SETBIT b 4294967296 1", "-ERR bit offset is not an integer or out of range\r\n");
        assertReply("SETBIT b -1 1", "-ERR bit offset is not an integer or out of range\r\n");
        assertReply("SETBIT b 0 2", "-ERR bit is not an integer or out of range\r\n");
        assertReply("GETBIT b x", "-ERR bit offset is not an integer or out of range\r\n");
        assertReply("EXISTS b", ":0\r\n");
        assertReply("HSET h f v", ":1\r\n");
        assertReply("SETBIT h 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void setbitKeepsTheTimeToLive() {
        assertReply("SET b x", "+OK\r\n");
        assertReply("EXPIRE b 100", ":1\r\n");
        assertReply("SETBIT b 20 1", ":0\r\n");
        server.fastForward(Duration.ofSeconds(10));
        assertReply("TTL b", ":90\r\n");
    }

    @Test
    void bitfieldOverflowModes() {
        assertReply("BITFIELD b SET u8 #2 200 INCRBY u8 #2 100 OVERFLOW FAIL INCRBY u8 #2 100 OVERFLOW SAT INCRBY u8 #2 100",
                "*4\r\n:0\r\n:44\r\n:144\r\n:244\r\n");
        assertReply("BITFIELD_RO b SET u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        assertReply("BITFIELD b GET u64 0",
                "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
    }

    @Test
    void bitposAndBitcountInBitUnits() {
        assertReply("SETBIT b 9 1", ":0\r\n");
        assertReply("BITPOS b 0 0 -1", ":0\r\n");
        assertReply("BITPOS b 1 2 -1 BIT", ":9\r\n");
        assertReply("BITCOUNT b 1 1 BIT", ":0\r\n");
        assertReply("BITCOUNT b 9 9 BIT", ":1\r\n");
        assertReply("BITPOS b 2", "-ERR The bit argument must be 1 or 0.\r\n");
    }

    @Test
    void bitopNotTakesOneSource() {
        assertReply("BITOP NOT d a b", "-ERR BITOP NOT must be called with a single source key.\r\n");
        assertReply("SET a \"\\x0f\"", "+OK\r\n");
        assertReply("BITOP NOT d a", ":1\r\n");
        assertReply("GET d", "$1\r\n\u00f0\r\n");
    }
}
