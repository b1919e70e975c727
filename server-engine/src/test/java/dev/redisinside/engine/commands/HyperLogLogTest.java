package dev.redisinside.engine.commands;

import dev.redisinside.engine.support.EngineTest;
import org.junit.jupiter.api.Test;

/** HyperLogLog commands; expected bytes were taken from Redis 7.0.15. */
class HyperLogLogTest extends EngineTest {

    @Test
    void selfTestPassesAndFailsAsRedisWhenTheSparseLimitIsTooSmall() {
        assertReply("PFSELFTEST", "+OK\r\n");
        // one element already outgrows 10 bytes, so the small HLL is dense, as in Redis 7.0.15
        assertReply("CONFIG SET hll-sparse-max-bytes 10", "+OK\r\n");
        try {
            assertReply("PFSELFTEST", "-ERR TESTFAILED sparse encoding not used\r\n");
        } finally {
            call("CONFIG SET hll-sparse-max-bytes 3000");
        }
    }

    @Test
    void pfaddCreatesASparseHllAndPfcountCachesTheCount() {
        assertReply("PFADD h", ":1\r\n");
        assertReply("GET h", "$18\r\nHYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0080\u007f\u00ff\r\n");
        assertReply("PFADD h a", ":1\r\n");
        assertReply("GET h", "$21\r\nHYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0080q\u00a6\u0084NW\r\n");
        assertReply("PFCOUNT h", ":1\r\n");
        assertReply("GET h", "$21\r\nHYLL\u0001\u0000\u0000\u0000\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000q\u00a6\u0084NW\r\n");
        assertReply("PFADD h2 a b c", ":1\r\n");
        assertReply("PFCOUNT h h2", ":3\r\n");
    }

    @Test
    void invalidValuesAreRejected() {
        assertReply("SET s hello", "+OK\r\n");
        assertReply("PFADD s a", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n");
        assertReply("SET fake \"HYLL\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\\x7f\\xff\\x00\"",
                "+OK\r\n");
        assertReply("PFCOUNT fake", "-INVALIDOBJ Corrupted HLL object detected\r\n");
    }

    @Test
    void pfcountWritingTheCacheTouchesWatchedKeys() {
        assertReply("PFADD h a b", ":1\r\n");
        assertReply("WATCH h", "+OK\r\n");
        assertReply("PFCOUNT h", ":2\r\n");
        assertReply("MULTI", "+OK\r\n");
        assertReply("PING", "+QUEUED\r\n");
        assertReply("EXEC", "*-1\r\n");
    }

    @Test
    void sparseMaxBytesPromotesToDense() {
        long previous = server.config().hllSparseMaxBytes;
        try {
            server.config().hllSparseMaxBytes = 0;
            assertReply("PFADD h a", ":1\r\n");
            assertReply("PFDEBUG ENCODING h", "+dense\r\n");
        } finally {
            server.config().hllSparseMaxBytes = previous;
        }
        assertReply("PFADD s a", ":1\r\n");
        assertReply("PFDEBUG ENCODING s", "+sparse\r\n");
    }

    @Test
    void manyElementsAreCountedAsRedisCountsThem() {
        StringBuilder command = new StringBuilder("PFADD big");
        for (int i = 0; i < 10000; i++) {
            command.append(" item:").append(i);
        }
        assertReply(command.toString(), ":1\r\n");
        assertReply("PFDEBUG ENCODING big", "+dense\r\n");
        assertReply("PFCOUNT big", ":10083\r\n");
    }
}
