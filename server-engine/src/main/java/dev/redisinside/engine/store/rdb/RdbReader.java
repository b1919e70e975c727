package dev.redisinside.engine.store.rdb;

import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.store.EncodingLimits;
import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.store.RedisList;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.RedisStream;
import dev.redisinside.engine.store.StreamId;
import dev.redisinside.engine.store.RedisZSet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a DUMP payload back into a value (verifyDumpPayload, rdbLoadObjectType, rdbLoadObject in
 * Redis 7.0): every encoding Redis 7.0 writes plus the older ziplist forms, converting to the encoding
 * Redis would give the loaded value under the current limits.
 */
public final class RdbReader {

    private final byte[] in;
    private int pos;
    private final int end;

    RdbReader(byte[] in, int end) {
        this.in = in;
        this.end = end;
    }

    /** Whether the footer holds a supported RDB version and a matching CRC64 (verifyDumpPayload). */
    public static boolean verify(byte[] payload) {
        int len = payload.length;
        if (len < 10) {
            return false;
        }
        int version = (payload[len - 10] & 0xff) | ((payload[len - 9] & 0xff) << 8);
        if (version > RdbWriter.RDB_VERSION) {
            return false;
        }
        long crc = Crc64.of(payload, 0, len - 8);
        return crc == Listpack.readLe(payload, len - 8, 8);
    }

    /** The value of a verified payload; throws when it cannot be read or holds an empty collection. */
    public static Object restore(byte[] payload, EncodingLimits limits) throws RdbFormatException {
        // Like Redis, reads may run into the footer: only the checksum guards the body.
        RdbReader r = new RdbReader(payload, payload.length);
        return r.readObject(r.readByte(), limits);
    }

    /** The library codes of a verified FUNCTION DUMP payload (RDB_OPCODE_FUNCTION2 entries). */
    public static java.util.List<byte[]> readFunctions(byte[] payload) throws RdbFormatException {
        RdbReader r = new RdbReader(payload, payload.length - 10);
        java.util.List<byte[]> codes = new java.util.ArrayList<>();
        while (r.pos < r.end) {
            if (r.readByte() != RdbWriter.OPCODE_FUNCTION2) {
                throw new RdbFormatException("function");
            }
            codes.add(r.readString());
        }
        return codes;
    }

    Object readObject(int type, EncodingLimits limits) throws RdbFormatException {
        switch (type) {
            case RdbWriter.TYPE_STRING:
                return readString();
            case RdbWriter.TYPE_SET:
                return readSet(limits);
            case RdbWriter.TYPE_SET_INTSET:
                return readIntset(limits);
            case RdbWriter.TYPE_HASH:
                return readHash(limits);
            case RdbWriter.TYPE_HASH_LISTPACK:
                return hashFromPairs(Listpack.decode(readString()), limits);
            case RdbWriter.TYPE_HASH_ZIPLIST:
                return hashFromPairs(Ziplist.decode(readString()), limits);
            case RdbWriter.TYPE_ZSET:
            case RdbWriter.TYPE_ZSET_2:
                return latched(readZSet(type == RdbWriter.TYPE_ZSET_2), limits);
            case RdbWriter.TYPE_ZSET_LISTPACK:
                return latched(zsetFromPairs(Listpack.decode(readString())), limits);
            case RdbWriter.TYPE_ZSET_ZIPLIST:
                return latched(zsetFromPairs(Ziplist.decode(readString())), limits);
            case RdbWriter.TYPE_LIST:
                return readLinkedList();
            case RdbWriter.TYPE_LIST_ZIPLIST:
                return listOf(new RedisList(), Ziplist.decode(readString()));
            case RdbWriter.TYPE_LIST_QUICKLIST:
            case RdbWriter.TYPE_LIST_QUICKLIST_2:
                return readQuicklist(type == RdbWriter.TYPE_LIST_QUICKLIST_2);
            case RdbWriter.TYPE_STREAM_LISTPACKS:
            case RdbWriter.TYPE_STREAM_LISTPACKS_2:
                return readStream(type == RdbWriter.TYPE_STREAM_LISTPACKS_2);
            default:
                throw new RdbFormatException("Unknown RDB object type " + type);
        }
    }

    private RedisList readLinkedList() throws RdbFormatException {
        long len = readLength();
        if (len == 0) {
            throw new RdbFormatException("empty list");
        }
        RedisList list = new RedisList();
        for (long i = 0; i < len; i++) {
            list.addLast(readString());
        }
        return list;
    }

    private static RedisList listOf(RedisList list, List<byte[]> elements) throws RdbFormatException {
        for (byte[] element : elements) {
            list.addLast(element);
        }
        if (list.isEmpty()) {
            throw new RdbFormatException("empty list");
        }
        return list;
    }

    /** Quicklist nodes: ziplists (type 14), or listpacks and plain elements (type 18). */
    private RedisList readQuicklist(boolean version2) throws RdbFormatException {
        long nodes = readLength();
        if (nodes == 0) {
            throw new RdbFormatException("empty list");
        }
        RedisList list = new RedisList();
        for (long i = 0; i < nodes; i++) {
            long container = 2;
            if (version2) {
                container = readLength();
                if (container != 1 && container != 2) {
                    throw new RdbFormatException("Quicklist integrity check failed.");
                }
            }
            byte[] data = readString();
            if (data.length == 0) {
                throw new RdbFormatException("empty node");
            }
            if (container == 1) {
                list.addLast(data);
                continue;
            }
            for (byte[] element : version2 ? Listpack.decode(data) : Ziplist.decode(data)) {
                list.addLast(element);
            }
        }
        if (list.isEmpty()) {
            throw new RdbFormatException("empty list");
        }
        return list;
    }

    private RedisSet readSet(EncodingLimits limits) throws RdbFormatException {
        long len = readLength();
        if (len == 0) {
            throw new RdbFormatException("empty set");
        }
        RedisSet set = null;
        for (long i = 0; i < len; i++) {
            byte[] member = readString();
            if (set == null) {
                set = RedisSet.forFirstMember(member);
            }
            if (!set.add(member, limits)) {
                throw new RdbFormatException("Duplicate set members detected");
            }
        }
        return set;
    }

    private RedisSet readIntset(EncodingLimits limits) throws RdbFormatException {
        long[] values = Intset.decode(readString());
        if (values.length == 0) {
            throw new RdbFormatException("empty intset");
        }
        RedisSet set = RedisSet.intset();
        for (long v : values) {
            set.add(Numbers.toBytes(v), limits);
        }
        return set;
    }

    private RedisHash readHash(EncodingLimits limits) throws RdbFormatException {
        long len = readLength();
        if (len == 0) {
            throw new RdbFormatException("empty hash");
        }
        RedisHash hash = new RedisHash();
        if (len > limits.hashMaxListpackEntries()) {
            hash.convertToHashtable();
        }
        for (long i = 0; i < len; i++) {
            byte[] field = readString();
            byte[] value = readString();
            if (!hash.put(field, value, limits)) {
                throw new RdbFormatException("Duplicate hash fields detected");
            }
        }
        return hash;
    }

    /** A listpack or ziplist hash: it stays listpack unless it has too many fields. */
    private static RedisHash hashFromPairs(List<byte[]> elements, EncodingLimits limits) throws RdbFormatException {
        if (elements.isEmpty() || elements.size() % 2 != 0) {
            throw new RdbFormatException("hash listpack");
        }
        RedisHash hash = new RedisHash();
        EncodingLimits unlimited = Unlimited.INSTANCE;
        for (int i = 0; i < elements.size(); i += 2) {
            if (!hash.put(elements.get(i), elements.get(i + 1), unlimited)) {
                throw new RdbFormatException("Duplicate hash fields detected");
            }
        }
        if (hash.size() > limits.hashMaxListpackEntries()) {
            hash.convertToHashtable();
        }
        return hash;
    }

    /**
     * Settles the sorted set's encoding now, as Redis converts while loading: a set restored as a
     * skiplist stays one when it later shrinks.
     */
    private static RedisZSet latched(RedisZSet zset, EncodingLimits limits) {
        zset.encoding(limits);
        return zset;
    }

    private RedisZSet readZSet(boolean binaryScores) throws RdbFormatException {
        long len = readLength();
        if (len == 0) {
            throw new RdbFormatException("empty zset");
        }
        RedisZSet zset = new RedisZSet();
        for (long i = 0; i < len; i++) {
            byte[] member = readString();
            double score = binaryScores ? readBinaryDouble() : readStringDouble();
            if (Double.isNaN(score)) {
                throw new RdbFormatException("Zset with NAN score detected");
            }
            if (!zset.add(member, score)) {
                throw new RdbFormatException("Duplicate zset fields detected");
            }
        }
        return zset;
    }

    private static RedisZSet zsetFromPairs(List<byte[]> elements) throws RdbFormatException {
        if (elements.isEmpty() || elements.size() % 2 != 0) {
            throw new RdbFormatException("zset listpack");
        }
        RedisZSet zset = new RedisZSet();
        for (int i = 0; i < elements.size(); i += 2) {
            double score = listpackScore(elements.get(i + 1));
            if (!zset.add(elements.get(i), score)) {
                throw new RdbFormatException("Duplicate zset fields detected");
            }
        }
        return zset;
    }

    private static final Pattern NUMBER_PREFIX = Pattern.compile(
            "^[ \\t\\n\\x0b\\f\\r]*[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|inf(?:inity)?)",
            Pattern.CASE_INSENSITIVE);

    /**
     * A score stored as a string in a listpack or ziplist, read as Redis's zzlStrtod does: strtod of
     * the longest numeric prefix, 0 when there is none (the payload is not validated further).
     */
    private static double listpackScore(byte[] text) {
        Double exact = parseScore(text);
        if (exact != null) {
            return exact;
        }
        Matcher m = NUMBER_PREFIX.matcher(new String(text, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return 0;
        }
        String prefix = m.group().trim().toLowerCase(Locale.ROOT);
        if (prefix.endsWith("inf") || prefix.endsWith("infinity")) {
            return prefix.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(prefix);
    }

    private static Double parseScore(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1);
        switch (s) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                return Numbers.parseDouble(text);
            }
        }
    }

    private double readBinaryDouble() throws RdbFormatException {
        need(8);
        long bits = Listpack.readLe(in, pos, 8);
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    /** The old text score: a length byte (253 nan, 254 +inf, 255 -inf) then that many ASCII bytes. */
    private double readStringDouble() throws RdbFormatException {
        int len = readByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                need(len);
                byte[] text = new byte[len];
                System.arraycopy(in, pos, text, 0, len);
                pos += len;
                Double value = parseScore(text);
                if (value == null) {
                    throw new RdbFormatException("double");
                }
                return value;
        }
    }

    /** A stream (rdbLoadObject for RDB_TYPE_STREAM_LISTPACKS and _2). */
    private RedisStream readStream(boolean version2) throws RdbFormatException {
        RedisStream stream = new RedisStream();
        long listpacks = readCount();
        for (long n = 0; n < listpacks; n++) {
            byte[] key = readString();
            if (key.length != 16) {
                throw new RdbFormatException("Stream node key entry is not the size of a stream ID");
            }
            byte[] lp = readString();
            List<byte[]> elements = Listpack.decode(lp);
            if (elements.isEmpty()) {
                throw new RdbFormatException("Empty listpack inside stream");
            }
            StreamId master = idOf(key, 0);
            if (!readNode(stream, master, lp.length, elements)) {
                throw new RdbFormatException("Stream listpack integrity check failed.");
            }
        }
        long length = readCount();
        StreamId last = new StreamId(readLengthUnsigned(), readLengthUnsigned());
        StreamId first;
        StreamId maxDeleted;
        long entriesAdded;
        if (version2) {
            first = new StreamId(readLengthUnsigned(), readLengthUnsigned());
            maxDeleted = new StreamId(readLengthUnsigned(), readLengthUnsigned());
            entriesAdded = readLengthUnsigned();
        } else {
            maxDeleted = StreamId.MIN;
            entriesAdded = length;
            first = stream.length() == 0 ? StreamId.MIN : stream.firstEntry().getKey();
        }
        if (length != stream.length() || (stream.length() > 0 && stream.lastEntry().getKey().compareTo(last) > 0)) {
            throw new RdbFormatException("Stream length inconsistent with rax entries");
        }
        stream.loadMeta(last, first, maxDeleted, entriesAdded);
        long groups = readCount();
        for (long g = 0; g < groups; g++) {
            byte[] name = readString();
            StreamId lastId = new StreamId(readLengthUnsigned(), readLengthUnsigned());
            long entriesRead = version2 ? readLengthUnsigned() : stream.estimateDistanceFromFirstEverEntry(lastId);
            RedisStream.Group group = stream.createGroup(name, lastId, entriesRead);
            if (group == null) {
                throw new RdbFormatException("Duplicated consumer group name");
            }
            long pel = readCount();
            for (long i = 0; i < pel; i++) {
                StreamId id = readRawId();
                long time = readMillis();
                long count = readLengthUnsigned();
                if (group.pel().containsKey(id)) {
                    throw new RdbFormatException("Duplicated global PEL entry loading stream consumer group");
                }
                group.setDelivery(group.createNack(id, time), time, count);
            }
            long consumers = readCount();
            for (long c = 0; c < consumers; c++) {
                byte[] cname = readString();
                RedisStream.Consumer consumer = group.createConsumer(cname, 0);
                if (consumer == null) {
                    throw new RdbFormatException("Duplicate stream consumer detected.");
                }
                consumer.seen(readMillis());
                long owned = readCount();
                for (long i = 0; i < owned; i++) {
                    StreamId id = readRawId();
                    RedisStream.Nack nack = group.pel().get(id);
                    if (nack == null) {
                        throw new RdbFormatException("Consumer entry not found in group global PEL");
                    }
                    if (consumer.pel().containsKey(id)) {
                        throw new RdbFormatException("Duplicated consumer PEL entry loading a stream consumer group");
                    }
                    group.assign(id, nack, consumer);
                }
            }
            for (RedisStream.Nack nack : group.pel().values()) {
                if (nack.consumer() == null) {
                    throw new RdbFormatException("Stream CG PEL entry without consumer");
                }
            }
        }
        return stream;
    }

    /** Parses one node listpack (the master entry, then each entry) into the stream. */
    private static boolean readNode(RedisStream stream, StreamId master, long lpBytes, List<byte[]> lp) {
        int p = 0;
        long count = lpInt(lp, p++);
        long deleted = lpInt(lp, p++);
        long fieldCount = lpInt(lp, p++);
        if (count <= 0 || deleted < 0 || fieldCount < 0 || fieldCount > lp.size()) {
            return false;
        }
        byte[][] masterFields = new byte[(int) fieldCount][];
        for (int i = 0; i < fieldCount; i++) {
            masterFields[i] = element(lp, p++);
        }
        if (lpInt(lp, p++) != 0) {
            return false;
        }
        List<RedisStream.NodeEntry> entries = new ArrayList<>();
        long live = 0;
        long dead = 0;
        while (p < lp.size()) {
            long flags = lpInt(lp, p++);
            if (flags < 0 || flags > 3) {
                return false;
            }
            StreamId id = new StreamId(master.ms() + lpInt(lp, p++), master.seq() + lpInt(lp, p++));
            boolean same = (flags & RdbWriter.STREAM_ITEM_FLAG_SAMEFIELDS) != 0;
            byte[][] fv;
            if (same) {
                fv = new byte[masterFields.length * 2][];
                for (int i = 0; i < masterFields.length; i++) {
                    fv[2 * i] = masterFields[i];
                    fv[2 * i + 1] = element(lp, p++);
                }
            } else {
                long fields = lpInt(lp, p++);
                if (fields < 0 || fields > lp.size()) {
                    return false;
                }
                fv = new byte[(int) fields * 2][];
                for (int i = 0; i < fv.length; i++) {
                    fv[i] = element(lp, p++);
                }
            }
            long lpCount = lpInt(lp, p++);
            if (lpCount != (same ? fv.length / 2 + 3 : fv.length + 4)) {
                return false;
            }
            if (fv.length == 0) {
                return false;
            }
            boolean isDeleted = (flags & RdbWriter.STREAM_ITEM_FLAG_DELETED) != 0;
            if (isDeleted) {
                dead++;
            } else {
                live++;
            }
            entries.add(new RedisStream.NodeEntry(id, fv, isDeleted));
        }
        if (live != count || dead != deleted) {
            return false;
        }
        return stream.loadNode(master, masterFields, lpBytes, entries);
    }

    private static byte[] element(List<byte[]> lp, int i) {
        if (i >= lp.size()) {
            throw new IllegalArgumentException("stream listpack");
        }
        return lp.get(i);
    }

    private static long lpInt(List<byte[]> lp, int i) {
        Long v = Numbers.parse(element(lp, i));
        if (v == null) {
            throw new IllegalArgumentException("stream listpack integer");
        }
        return v;
    }

    private static StreamId idOf(byte[] raw, int at) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (raw[at + i] & 0xff);
            seq = (seq << 8) | (raw[at + 8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }

    private StreamId readRawId() throws RdbFormatException {
        need(16);
        StreamId id = idOf(in, pos);
        pos += 16;
        return id;
    }

    private long readMillis() throws RdbFormatException {
        need(8);
        long v = Listpack.readLe(in, pos, 8);
        pos += 8;
        return v;
    }

    /**
     * rdbLoadLen where the full unsigned 64-bit range is valid (IDs, counters). Like Redis, an
     * encoded-string marker reads as its low 6 bits.
     */
    private long readLengthUnsigned() throws RdbFormatException {
        int first = readByte();
        if (first == 0x81) {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (in[pos++] & 0xff);
            }
            return v;
        }
        int kind = (first & 0xC0) >> 6;
        if (kind == 3) {
            return first & 0x3F;
        }
        return readLengthBody(first, kind);
    }

    /** A count of things that follow in a stream payload. */
    private long readCount() throws RdbFormatException {
        long n = readLengthUnsigned();
        if (n < 0) {
            throw new RdbFormatException("count");
        }
        return n;
    }

    void skip(int n) throws RdbFormatException {
        need(n);
        pos += n;
    }

    int position() {
        return pos;
    }

    /** A fixed-width little-endian integer (expire times, checksum). */
    long readLe(int width) throws RdbFormatException {
        need(width);
        long v = Listpack.readLe(in, pos, width);
        pos += width;
        return v;
    }

    int readByte() throws RdbFormatException {
        need(1);
        return in[pos++] & 0xff;
    }

    private void need(long n) throws RdbFormatException {
        if (pos + n > end) {
            throw new RdbFormatException("truncated");
        }
    }

    /** rdbLoadLen for a plain length (an encoded-string marker is an error here). */
    long readLength() throws RdbFormatException {
        int first = readByte();
        int kind = (first & 0xC0) >> 6;
        if (kind == 3) {
            throw new RdbFormatException("encoded length");
        }
        return readLengthBody(first, kind);
    }

    private long readLengthBody(int first, int kind) throws RdbFormatException {
        switch (kind) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((first & 0x3F) << 8) | readByte();
            default:
                int width;
                if (first == 0x80) {
                    width = 4;
                } else if (first == 0x81) {
                    width = 8;
                } else {
                    throw new RdbFormatException("length");
                }
                need(width);
                long v = 0;
                for (int i = 0; i < width; i++) {
                    v = (v << 8) | (in[pos++] & 0xff);
                }
                if (v < 0) {
                    throw new RdbFormatException("length");
                }
                return v;
        }
    }

    /** rdbGenericLoadStringObject: integer-encoded, LZF-compressed or verbatim. */
    byte[] readString() throws RdbFormatException {
        int first = readByte();
        int kind = (first & 0xC0) >> 6;
        if (kind != 3) {
            long len = readLengthBody(first, kind);
            need(len);
            byte[] s = new byte[(int) len];
            System.arraycopy(in, pos, s, 0, (int) len);
            pos += (int) len;
            return s;
        }
        switch (first) {
            case RdbWriter.ENC_INT8: {
                need(1);
                return Numbers.toBytes(in[pos++]);
            }
            case RdbWriter.ENC_INT16: {
                need(2);
                long v = (short) Listpack.readLe(in, pos, 2);
                pos += 2;
                return Numbers.toBytes(v);
            }
            case RdbWriter.ENC_INT32: {
                need(4);
                long v = (int) Listpack.readLe(in, pos, 4);
                pos += 4;
                return Numbers.toBytes(v);
            }
            case RdbWriter.ENC_LZF: {
                long clen = readLength();
                long len = readLength();
                need(clen);
                if (len > Integer.MAX_VALUE - 8) {
                    throw new RdbFormatException("lzf length");
                }
                byte[] compressed = new byte[(int) clen];
                System.arraycopy(in, pos, compressed, 0, (int) clen);
                pos += (int) clen;
                byte[] s = Lzf.decompress(compressed, (int) len);
                if (s == null) {
                    throw new RdbFormatException("Invalid LZF compressed string");
                }
                return s;
            }
            default:
                throw new RdbFormatException("Unknown RDB string encoding type");
        }
    }

    /** Limits that never convert, for values whose encoding Redis keeps while loading. */
    private enum Unlimited implements EncodingLimits {
        INSTANCE;

        @Override
        public long hashMaxListpackEntries() {
            return Long.MAX_VALUE;
        }

        @Override
        public long hashMaxListpackValue() {
            return Long.MAX_VALUE;
        }

        @Override
        public long setMaxIntsetEntries() {
            return Long.MAX_VALUE;
        }

        @Override
        public long setMaxListpackEntries() {
            return Long.MAX_VALUE;
        }

        @Override
        public long zsetMaxListpackEntries() {
            return Long.MAX_VALUE;
        }

        @Override
        public long zsetMaxListpackValue() {
            return Long.MAX_VALUE;
        }

        @Override
        public long listMaxListpackSize() {
            return Long.MAX_VALUE;
        }
    }
}
