package dev.redisinside.engine.store.rdb;

import dev.redisinside.engine.command.Numbers;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's listpack (listpack.c), the blob that small hashes, sorted sets and list nodes are saved as:
 * a 6-byte header (total bytes, element count, both little endian), the entries, and 0xFF. Each entry
 * is its encoding (a small integer form when the element is a canonical 64-bit integer, else a
 * length-prefixed string), followed by the entry's length written backwards for reverse traversal.
 */
public final class Listpack {

    private static final int HEADER_SIZE = 6;
    private static final int END = 0xFF;
    private static final int NUMELE_UNKNOWN = 0xFFFF;

    private Listpack() {
    }

    /** The listpack holding these elements, in order. */
    public static byte[] encode(List<byte[]> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < HEADER_SIZE; i++) {
            out.write(0);
        }
        byte[] entry = new byte[16];
        for (byte[] element : elements) {
            int start = out.size();
            Long value = Numbers.parse(element);
            if (value != null) {
                int n = encodeInteger(value, entry);
                out.write(entry, 0, n);
            } else {
                encodeStringHeader(element.length, out);
                out.write(element, 0, element.length);
            }
            writeBacklen(out, out.size() - start);
        }
        out.write(END);
        byte[] bytes = out.toByteArray();
        writeLe(bytes, 0, bytes.length, 4);
        writeLe(bytes, 4, Math.min(elements.size(), NUMELE_UNKNOWN), 2);
        return bytes;
    }

    /** The serialized size of a string element (encoding + data + backlen), for quicklist node sizing. */
    public static int entrySize(byte[] element) {
        Long value = Numbers.parse(element);
        int encoded;
        if (value != null) {
            encoded = encodeInteger(value, new byte[16]);
        } else {
            int n = element.length;
            encoded = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
        }
        return encoded + backlenSize(encoded);
    }

    private static int encodeInteger(long v, byte[] buf) {
        if (v >= 0 && v <= 127) {
            buf[0] = (byte) v;
            return 1;
        }
        if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1L << 13) + v : v;
            buf[0] = (byte) ((u >> 8) | 0xC0);
            buf[1] = (byte) u;
            return 2;
        }
        int bytes;
        int tag;
        if (v >= -32768 && v <= 32767) {
            bytes = 2;
            tag = 0xF1;
        } else if (v >= -8388608 && v <= 8388607) {
            bytes = 3;
            tag = 0xF2;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            bytes = 4;
            tag = 0xF3;
        } else {
            bytes = 8;
            tag = 0xF4;
        }
        buf[0] = (byte) tag;
        for (int i = 0; i < bytes; i++) {
            buf[1 + i] = (byte) (v >>> (8 * i));
        }
        return 1 + bytes;
    }

    private static void encodeStringHeader(int len, ByteArrayOutputStream out) {
        if (len < 64) {
            out.write(len | 0x80);
        } else if (len < 4096) {
            out.write((len >> 8) | 0xE0);
            out.write(len & 0xff);
        } else {
            out.write(0xF0);
            for (int i = 0; i < 4; i++) {
                out.write((len >>> (8 * i)) & 0xff);
            }
        }
    }

    private static int backlenSize(long l) {
        return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    }

    private static void writeBacklen(ByteArrayOutputStream out, long l) {
        int n = backlenSize(l);
        for (int i = n - 1; i >= 0; i--) {
            int b = (int) ((l >>> (7 * i)) & 127);
            out.write(i == n - 1 ? (n == 1 ? (int) l : (int) (l >>> (7 * i))) : b | 128);
        }
    }

    static void writeLe(byte[] bytes, int at, long value, int width) {
        for (int i = 0; i < width; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static long readLe(byte[] bytes, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (long) (bytes[at + i] & 0xff) << (8 * i);
        }
        return v;
    }

    /** The elements of a listpack (integers as their decimal strings). */
    public static List<byte[]> decode(byte[] lp) throws RdbFormatException {
        if (lp.length < HEADER_SIZE + 1 || readLe(lp, 0, 4) != lp.length || (lp[lp.length - 1] & 0xff) != END) {
            throw new RdbFormatException("listpack header");
        }
        int count = (int) readLe(lp, 4, 2);
        List<byte[]> elements = new ArrayList<>();
        int p = HEADER_SIZE;
        int end = lp.length - 1;
        while (p < end) {
            int b = lp[p] & 0xff;
            int start = p;
            byte[] element;
            if ((b & 0x80) == 0) {
                element = Numbers.toBytes(b);
                p += 1;
            } else if ((b & 0xC0) == 0x80) {
                int len = b & 0x3F;
                element = slice(lp, p + 1, len, end);
                p += 1 + len;
            } else if ((b & 0xE0) == 0xC0) {
                need(lp, p + 2, end);
                long u = ((b & 0x1F) << 8) | (lp[p + 1] & 0xff);
                element = Numbers.toBytes(u >= 1 << 12 ? u - (1 << 13) : u);
                p += 2;
            } else if ((b & 0xF0) == 0xE0) {
                need(lp, p + 2, end);
                int len = ((b & 0x0F) << 8) | (lp[p + 1] & 0xff);
                element = slice(lp, p + 2, len, end);
                p += 2 + len;
            } else if (b == 0xF0) {
                need(lp, p + 5, end);
                long len = readLe(lp, p + 1, 4);
                if (len > end) {
                    throw new RdbFormatException("listpack string length");
                }
                element = slice(lp, p + 5, (int) len, end);
                p += 5 + (int) len;
            } else if (b >= 0xF1 && b <= 0xF4) {
                int width = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
                need(lp, p + 1 + width, end);
                long v = readLe(lp, p + 1, width);
                if (width < 8) {
                    int shift = 64 - 8 * width;
                    v = (v << shift) >> shift;
                }
                element = Numbers.toBytes(v);
                p += 1 + width;
            } else {
                throw new RdbFormatException("listpack encoding");
            }
            int encoded = p - start;
            p += backlenSize(encoded);
            if (p > end) {
                throw new RdbFormatException("listpack entry");
            }
            elements.add(element);
        }
        if (count != NUMELE_UNKNOWN && count != elements.size()) {
            throw new RdbFormatException("listpack count");
        }
        return elements;
    }

    private static void need(byte[] lp, int upTo, int end) throws RdbFormatException {
        if (upTo > end) {
            throw new RdbFormatException("listpack entry");
        }
    }

    private static byte[] slice(byte[] lp, int from, int len, int end) throws RdbFormatException {
        need(lp, from + len, end);
        byte[] element = new byte[len];
        System.arraycopy(lp, from, element, 0, len);
        return element;
    }
}
