package dev.redisinside.engine.store.rdb;

import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.protocol.DoubleFormat;
import dev.redisinside.engine.store.ElementTable;
import dev.redisinside.engine.store.EncodingLimits;
import dev.redisinside.engine.store.MutableString;
import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.store.RedisList;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.RedisStream;
import dev.redisinside.engine.store.StreamId;
import dev.redisinside.engine.store.RedisZSet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes values the way Redis 7.0's rdbSaveObjectType + rdbSaveObject do (rdb.c), and frames a
 * DUMP payload (createDumpPayload): the object, the RDB version as 2 little-endian bytes and the CRC64
 * of all of it as 8 little-endian bytes. The RDB type follows the encoding OBJECT ENCODING reports, so
 * the bytes equal Redis's for the same value and encoding.
 */
public final class RdbWriter {

    /** The RDB format version of Redis 7.0. */
    public static final int RDB_VERSION = 10;

    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;

    /** Stream entry flags in a node listpack (stream.h). */
    static final int STREAM_ITEM_FLAG_DELETED = 1;
    static final int STREAM_ITEM_FLAG_SAMEFIELDS = 2;

    static final int ENC_INT8 = 0xC0;
    static final int ENC_INT16 = 0xC1;
    static final int ENC_INT32 = 0xC2;
    static final int ENC_LZF = 0xC3;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RdbWriter() {
    }

    /** The DUMP payload of a stored value; null for a type this server cannot serialize yet. */
    public static byte[] dump(Object value, EncodingLimits limits) {
        RdbWriter w = new RdbWriter();
        if (!w.writeObject(value, limits)) {
            return null;
        }
        w.out.write(RDB_VERSION & 0xff);
        w.out.write((RDB_VERSION >> 8) & 0xff);
        byte[] body = w.out.toByteArray();
        long crc = Crc64.of(body, 0, body.length);
        byte[] payload = new byte[body.length + 8];
        System.arraycopy(body, 0, payload, 0, body.length);
        Listpack.writeLe(payload, body.length, crc, 8);
        return payload;
    }

    /** RDB_OPCODE_FUNCTION2: the FUNCTION DUMP payload of the given library codes. */
    public static byte[] dumpFunctions(java.util.List<byte[]> codes) {
        RdbWriter w = new RdbWriter();
        for (byte[] code : codes) {
            w.out.write(OPCODE_FUNCTION2);
            w.writeString(code);
        }
        w.out.write(RDB_VERSION & 0xff);
        w.out.write((RDB_VERSION >> 8) & 0xff);
        byte[] body = w.out.toByteArray();
        long crc = Crc64.of(body, 0, body.length);
        byte[] payload = new byte[body.length + 8];
        System.arraycopy(body, 0, payload, 0, body.length);
        Listpack.writeLe(payload, body.length, crc, 8);
        return payload;
    }

    public static final int OPCODE_FUNCTION2 = 0xF5;

    boolean writeObject(Object value, EncodingLimits limits) {
        if (value instanceof byte[] bytes) {
            out.write(TYPE_STRING);
            writeString(bytes);
        } else if (value instanceof MutableString string) {
            out.write(TYPE_STRING);
            writeString(string.toByteArray());
        } else if (value instanceof RedisHash hash) {
            writeHash(hash);
        } else if (value instanceof RedisSet set) {
            writeSet(set);
        } else if (value instanceof RedisZSet zset) {
            writeZSet(zset, limits);
        } else if (value instanceof RedisList list) {
            writeList(list, limits);
        } else if (value instanceof RedisStream stream) {
            writeStream(stream);
        } else {
            return false;
        }
        return true;
    }

    /** Bytes of an empty listpack (header and end marker). */
    private static final int EMPTY_LISTPACK_BYTES = 7;
    /** quicklist.c's estimate of an entry's overhead when deciding whether it fits a node. */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    private static final int SIZE_SAFETY_LIMIT = 8192;
    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    private static final int CONTAINER_PACKED = 2;

    /**
     * A list as a quicklist of listpack nodes (RDB_TYPE_LIST_QUICKLIST_2). The list is stored flat
     * here, so the nodes are those Redis builds when the elements are pushed at the tail in order
     * under {@code list-max-listpack-size} (_quicklistNodeAllowInsert): the same bytes as Redis for
     * lists built by RPUSH, and for every list that fits one node.
     */
    private void writeList(RedisList list, EncodingLimits limits) {
        List<List<byte[]>> nodes = quicklistNodes(list, limits);
        out.write(TYPE_LIST_QUICKLIST_2);
        writeLength(nodes.size());
        for (List<byte[]> elements : nodes) {
            writeLength(CONTAINER_PACKED);
            writeString(Listpack.encode(elements));
        }
    }

    /** The elements of each quicklist node Redis would hold for this list (see {@link #writeList}). */
    public static List<List<byte[]>> quicklistNodes(RedisList list, EncodingLimits limits) {
        long fill = limits.listMaxListpackSize();
        List<List<byte[]>> nodes = new ArrayList<>();
        List<byte[]> node = null;
        long nodeBytes = 0;
        for (int i = 0; i < list.size(); i++) {
            byte[] element = list.get(i);
            if (node == null || !allowInsert(nodeBytes, node.size(), fill, element.length)) {
                node = new ArrayList<>();
                nodes.add(node);
                nodeBytes = EMPTY_LISTPACK_BYTES;
            }
            node.add(element);
            nodeBytes += Listpack.entrySize(element);
        }
        return nodes;
    }

    /** What the value takes in an RDB file after its type byte (DEBUG OBJECT's serializedlength). */
    public static long serializedLength(Object value, EncodingLimits limits) {
        RdbWriter w = new RdbWriter();
        if (!w.writeObject(value, limits)) {
            return 0;
        }
        return w.out.size() - 1;
    }

    private static boolean allowInsert(long nodeBytes, int count, long fill, int size) {
        long newSize = nodeBytes + size + SIZE_ESTIMATE_OVERHEAD;
        if (fill < 0) {
            long offset = -fill - 1;
            if (offset < OPTIMIZATION_LEVEL.length && newSize <= OPTIMIZATION_LEVEL[(int) offset]) {
                return true;
            }
        }
        if (newSize > SIZE_SAFETY_LIMIT) {
            return false;
        }
        return count < fill;
    }

    private void writeHash(RedisHash hash) {
        if (hash.isListpack()) {
            out.write(TYPE_HASH_LISTPACK);
            List<byte[]> elements = new ArrayList<>(hash.size() * 2);
            for (ElementTable.Node n = hash.table().first(); n != null; n = n.after()) {
                elements.add(n.key());
                elements.add(n.value());
            }
            writeString(Listpack.encode(elements));
        } else {
            out.write(TYPE_HASH);
            writeLength(hash.size());
            for (ElementTable.Node n = hash.table().first(); n != null; n = n.after()) {
                writeString(n.key());
                writeString(n.value());
            }
        }
    }

    private void writeSet(RedisSet set) {
        List<byte[]> members = set.members();
        if (set.isIntset()) {
            out.write(TYPE_SET_INTSET);
            long[] values = new long[members.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Numbers.parseLong(members.get(i));
            }
            writeString(Intset.encode(values, values.length));
        } else {
            out.write(TYPE_SET);
            writeLength(members.size());
            for (byte[] member : members) {
                writeString(member);
            }
        }
    }

    private void writeZSet(RedisZSet zset, EncodingLimits limits) {
        if (zset.encoding(limits).equals("listpack")) {
            out.write(TYPE_ZSET_LISTPACK);
            List<byte[]> elements = new ArrayList<>(zset.size() * 2);
            for (RedisZSet.Node n = zset.first(); n != null; n = n.next()) {
                elements.add(n.member());
                elements.add(scoreString(n.score()));
            }
            writeString(Listpack.encode(elements));
        } else {
            out.write(TYPE_ZSET_2);
            writeLength(zset.size());
            // From the tail, so that loading inserts each element at the head of the skip list.
            for (RedisZSet.Node n = zset.last(); n != null; n = n.previous()) {
                writeString(n.member());
                long bits = Double.doubleToRawLongBits(n.score());
                for (int i = 0; i < 8; i++) {
                    out.write((int) (bits >>> (8 * i)) & 0xff);
                }
            }
        }
    }

    /** A score as a listpack sorted set stores it (d2string in util.c). */
    static byte[] scoreString(double score) {
        String s;
        if (Double.isNaN(score)) {
            s = "nan";
        } else if (Double.isInfinite(score)) {
            s = score > 0 ? "inf" : "-inf";
        } else if (score == 0) {
            s = 1 / score < 0 ? "-0" : "0";
        } else if (score >= (double) (Long.MAX_VALUE / 2) * -1 && score <= (double) (Long.MAX_VALUE / 2)
                && (long) score == score) {
            s = Long.toString((long) score);
        } else {
            s = DoubleFormat.g17(score);
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A stream (RDB_TYPE_STREAM_LISTPACKS_2): each node as its 128-bit big-endian master ID and its
     * listpack (master entry: count, deleted, field names, 0; then per entry flags, ID deltas, values
     * or field/value pairs, lp-count), then length, last, first and max deleted IDs, entries added,
     * and the consumer groups with their PELs and consumers.
     */
    private void writeStream(RedisStream stream) {
        out.write(TYPE_STREAM_LISTPACKS_2);
        List<RedisStream.NodeView> nodes = stream.nodeViews();
        writeLength(nodes.size());
        for (RedisStream.NodeView node : nodes) {
            writeString(rawId(node.master()));
            writeString(Listpack.encode(nodeElements(node)));
        }
        writeLength(stream.length());
        writeId(stream.lastId());
        writeId(stream.firstId());
        writeId(stream.maxDeletedId());
        writeLength(stream.entriesAdded());
        writeLength(stream.groups().size());
        stream.groups().forEach((name, group) -> {
            writeString(name);
            writeId(group.lastId());
            writeLength(group.entriesRead());
            writeLength(group.pel().size());
            group.pel().forEach((id, nack) -> {
                writeRaw(rawId(id));
                writeMillis(nack.deliveryTime());
                writeLength(nack.deliveryCount());
            });
            writeLength(group.consumers().size());
            group.consumers().forEach((cname, consumer) -> {
                writeString(cname);
                writeMillis(consumer.seenTime());
                writeLength(consumer.pel().size());
                for (StreamId id : consumer.pel().keySet()) {
                    writeRaw(rawId(id));
                }
            });
        });
    }

    private static List<byte[]> nodeElements(RedisStream.NodeView node) {
        List<byte[]> lp = new ArrayList<>();
        byte[][] master = node.masterFields();
        lp.add(Numbers.toBytes(node.live()));
        lp.add(Numbers.toBytes(node.deleted()));
        lp.add(Numbers.toBytes(master.length));
        for (byte[] field : master) {
            lp.add(field);
        }
        lp.add(Numbers.toBytes(0));
        for (RedisStream.NodeEntry e : node.entries()) {
            byte[][] fv = e.fieldsAndValues();
            int fields = fv.length / 2;
            boolean same = fields == master.length;
            for (int i = 0; same && i < fields; i++) {
                same = java.util.Arrays.equals(master[i], fv[2 * i]);
            }
            int flags = (e.deleted() ? STREAM_ITEM_FLAG_DELETED : 0) | (same ? STREAM_ITEM_FLAG_SAMEFIELDS : 0);
            lp.add(Numbers.toBytes(flags));
            lp.add(Numbers.toBytes(e.id().ms() - node.master().ms()));
            lp.add(Numbers.toBytes(e.id().seq() - node.master().seq()));
            if (same) {
                for (int i = 0; i < fields; i++) {
                    lp.add(fv[2 * i + 1]);
                }
            } else {
                lp.add(Numbers.toBytes(fields));
                for (byte[] element : fv) {
                    lp.add(element);
                }
            }
            lp.add(Numbers.toBytes(same ? fields + 3 : 2L * fields + 4));
        }
        return lp;
    }

    /** A stream ID as a radix tree key: ms then seq, each 64-bit big endian. */
    static byte[] rawId(StreamId id) {
        byte[] key = new byte[16];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (id.ms() >>> (56 - 8 * i));
            key[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return key;
    }

    private void writeId(StreamId id) {
        writeLength(id.ms());
        writeLength(id.seq());
    }

    private void writeRaw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    /** rdbSaveMillisecondTime: 8 bytes little endian. */
    private void writeMillis(long ms) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (ms >>> (8 * i)) & 0xff);
        }
    }

    /** What has been written so far. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    void writeBytes(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
    }

    void write(int b) {
        out.write(b);
    }

    /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian lengths (unsigned 64-bit). */
    void writeLength(long len) {
        if (len < 0) {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)) & 0xff);
            }
        } else if (len < (1 << 6)) {
            out.write((int) len);
        } else if (len < (1 << 14)) {
            out.write((int) ((len >> 8) | 0x40));
            out.write((int) (len & 0xff));
        } else if (len <= 0xFFFFFFFFL) {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)) & 0xff);
            }
        } else {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)) & 0xff);
            }
        }
    }

    /**
     * rdbSaveRawString: short integer-looking strings as 8/16/32-bit integers, strings over 20 bytes
     * LZF-compressed when that saves at least 4 bytes, the rest verbatim.
     */
    void writeString(byte[] s) {
        int len = s.length;
        if (len <= 11) {
            Long value = Numbers.parse(s);
            if (value != null && writeEncodedInteger(value)) {
                return;
            }
        }
        if (len > 20) {
            byte[] compressed = Lzf.compress(s, len - 4);
            if (compressed != null) {
                out.write(ENC_LZF);
                writeLength(compressed.length);
                writeLength(len);
                out.write(compressed, 0, compressed.length);
                return;
            }
        }
        writeLength(len);
        out.write(s, 0, len);
    }

    private boolean writeEncodedInteger(long v) {
        int width;
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            out.write(ENC_INT8);
            width = 1;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            out.write(ENC_INT16);
            width = 2;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(ENC_INT32);
            width = 4;
        } else {
            return false;
        }
        for (int i = 0; i < width; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return true;
    }
}
