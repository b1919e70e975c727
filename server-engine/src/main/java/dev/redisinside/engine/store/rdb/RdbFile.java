package dev.redisinside.engine.store.rdb;

import dev.redisinside.engine.store.EncodingLimits;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whole RDB files as Redis 7.0 writes and reads them (rdbSaveRio / rdbLoadRio): the "REDIS0010" header,
 * AUX fields, function libraries, then per non-empty database SELECTDB, RESIZEDB and its keys (an optional
 * EXPIRETIME_MS before each), and EOF with the CRC64 of everything before it. Values use the same
 * serialization as DUMP, so a file saved here loads in Redis and the other way round.
 */
public final class RdbFile {

    static final int OPCODE_MODULE_AUX = 0xF7;
    static final int OPCODE_IDLE = 0xF8;
    static final int OPCODE_FREQ = 0xF9;
    static final int OPCODE_AUX = 0xFA;
    static final int OPCODE_RESIZEDB = 0xFB;
    static final int OPCODE_EXPIRETIME_MS = 0xFC;
    static final int OPCODE_EXPIRETIME = 0xFD;
    static final int OPCODE_SELECTDB = 0xFE;
    static final int OPCODE_EOF = 0xFF;
    /** Functions as saved by Redis 7.0 release candidates (a name, engine, description, then the code). */
    static final int OPCODE_FUNCTION_PRE_GA = 0xF6;

    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private RdbFile() {
    }

    /** One key to save: its value (as the store holds it) and absolute expiry in ms, or -1. */
    public record Entry(byte[] key, Object value, long expireAt) {
    }

    /** One database to save. */
    public record Db(int index, List<Entry> entries, long expiresCount) {
    }

    /** Where a loaded file's contents go. */
    public interface Sink {

        void function(byte[] code);

        /** A key of database {@code db}; {@code expireAt} in ms or -1. */
        void key(int db, byte[] key, Object value, long expireAt);
    }

    /** The bytes of an RDB file holding the given libraries and databases. */
    public static byte[] save(List<byte[]> functionCodes, List<Db> databases, EncodingLimits limits, String redisVersion,
            long nowMillis, long usedMemory) {
        RdbWriter w = new RdbWriter();
        w.writeBytes(MAGIC, 0, MAGIC.length);
        byte[] version = String.format("%04d", RdbWriter.RDB_VERSION).getBytes(StandardCharsets.US_ASCII);
        w.writeBytes(version, 0, version.length);
        aux(w, "redis-ver", redisVersion);
        aux(w, "redis-bits", "64");
        aux(w, "ctime", Long.toString(nowMillis / 1000));
        aux(w, "used-mem", Long.toString(usedMemory));
        aux(w, "aof-base", "0");
        for (byte[] code : functionCodes) {
            w.write(RdbWriter.OPCODE_FUNCTION2);
            w.writeString(code);
        }
        for (Db db : databases) {
            if (db.entries().isEmpty()) {
                continue;
            }
            w.write(OPCODE_SELECTDB);
            w.writeLength(db.index());
            w.write(OPCODE_RESIZEDB);
            w.writeLength(db.entries().size());
            w.writeLength(db.expiresCount());
            for (Entry entry : db.entries()) {
                RdbWriter value = new RdbWriter();
                if (!value.writeObject(entry.value(), limits)) {
                    continue; // a type without a serialization: not saved
                }
                if (entry.expireAt() >= 0) {
                    w.write(OPCODE_EXPIRETIME_MS);
                    byte[] ms = new byte[8];
                    Listpack.writeLe(ms, 0, entry.expireAt(), 8);
                    w.writeBytes(ms, 0, 8);
                }
                byte[] object = value.toByteArray();
                w.write(object[0] & 0xff); // the type, then the key, then the value
                w.writeString(entry.key());
                w.writeBytes(object, 1, object.length - 1);
            }
        }
        w.write(OPCODE_EOF);
        byte[] body = w.toByteArray();
        byte[] file = new byte[body.length + 8];
        System.arraycopy(body, 0, file, 0, body.length);
        Listpack.writeLe(file, body.length, Crc64.of(body, 0, body.length), 8);
        return file;
    }

    private static void aux(RdbWriter w, String key, String value) {
        w.write(OPCODE_AUX);
        w.writeString(key.getBytes(StandardCharsets.US_ASCII));
        w.writeString(value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads a file into the sink. Versions 1 to 10 are accepted as Redis 7.0 accepts them; a non-zero
     * checksum must match (zero means the writer had rdbchecksum off). Module data cannot be read.
     */
    public static void load(byte[] file, EncodingLimits limits, Sink sink) throws RdbFormatException {
        if (file.length < 9 || !java.util.Arrays.equals(file, 0, 5, MAGIC, 0, 5)) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int version;
        try {
            version = Integer.parseInt(new String(file, 5, 4, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new RdbFormatException("Can't handle RDB format version");
        }
        if (version < 1 || version > RdbWriter.RDB_VERSION) {
            throw new RdbFormatException("Can't handle RDB format version " + version);
        }
        RdbReader r = new RdbReader(file, file.length);
        r.skip(9);
        int db = 0;
        long expireAt = -1;
        while (true) {
            int type = r.readByte();
            switch (type) {
                case OPCODE_EXPIRETIME_MS -> {
                    expireAt = r.readLe(8);
                    continue;
                }
                case OPCODE_EXPIRETIME -> {
                    expireAt = r.readLe(4) * 1000;
                    continue;
                }
                case OPCODE_FREQ -> {
                    r.readByte();
                    continue;
                }
                case OPCODE_IDLE -> {
                    r.readLength();
                    continue;
                }
                case OPCODE_SELECTDB -> {
                    db = (int) r.readLength();
                    continue;
                }
                case OPCODE_RESIZEDB -> {
                    r.readLength();
                    r.readLength();
                    continue;
                }
                case OPCODE_AUX -> {
                    r.readString();
                    r.readString();
                    continue;
                }
                case RdbWriter.OPCODE_FUNCTION2 -> {
                    sink.function(r.readString());
                    continue;
                }
                case OPCODE_FUNCTION_PRE_GA -> throw new RdbFormatException("Pre-release function format not supported");
                case OPCODE_MODULE_AUX -> throw new RdbFormatException("Module data cannot be loaded");
                case OPCODE_EOF -> {
                    if (version >= 5 && r.position() + 8 <= file.length) {
                        long expected = r.readLe(8);
                        long actual = Crc64.of(file, 0, r.position() - 8);
                        if (expected != 0 && expected != actual) {
                            throw new RdbFormatException("Wrong RDB checksum");
                        }
                    }
                    return;
                }
                default -> {
                    byte[] key = r.readString();
                    Object value = r.readObject(type, limits);
                    sink.key(db, key, value, expireAt);
                    expireAt = -1;
                }
            }
        }
    }
}
