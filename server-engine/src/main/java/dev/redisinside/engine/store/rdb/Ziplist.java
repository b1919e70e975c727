package dev.redisinside.engine.store.rdb;

import dev.redisinside.engine.command.Numbers;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading Redis's older ziplist blob (ziplist.c), found in payloads of Redis before 7.0: a header
 * (total bytes, tail offset, count), entries each made of the previous entry's length, an encoding
 * and the data, and 0xFF. Only decoding is needed: Redis 7 never writes ziplists.
 */
public final class Ziplist {

    private static final int HEADER_SIZE = 10;

    private Ziplist() {
    }

    public static List<byte[]> decode(byte[] zl) throws RdbFormatException {
        if (zl.length < HEADER_SIZE + 1 || Listpack.readLe(zl, 0, 4) != zl.length || (zl[zl.length - 1] & 0xff) != 0xFF) {
            throw new RdbFormatException("ziplist header");
        }
        int count = (int) Listpack.readLe(zl, 8, 2);
        int end = zl.length - 1;
        int p = HEADER_SIZE;
        List<byte[]> elements = new ArrayList<>();
        while (p < end) {
            p += (zl[p] & 0xff) < 254 ? 1 : 5;
            check(p + 1, end);
            int enc = zl[p] & 0xff;
            byte[] element;
            if ((enc & 0xC0) < 0xC0) {
                long len;
                int header;
                switch (enc >> 6) {
                    case 0 -> {
                        len = enc & 0x3F;
                        header = 1;
                    }
                    case 1 -> {
                        check(p + 2, end);
                        len = ((enc & 0x3F) << 8) | (zl[p + 1] & 0xff);
                        header = 2;
                    }
                    default -> {
                        check(p + 5, end);
                        len = ((long) (zl[p + 1] & 0xff) << 24) | ((zl[p + 2] & 0xff) << 16)
                                | ((zl[p + 3] & 0xff) << 8) | (zl[p + 4] & 0xff);
                        header = 5;
                    }
                }
                check(p + header + len, end);
                element = new byte[(int) len];
                System.arraycopy(zl, p + header, element, 0, (int) len);
                p += header + (int) len;
            } else {
                int width;
                if (enc == 0xC0) {
                    width = 2;
                } else if (enc == 0xD0) {
                    width = 4;
                } else if (enc == 0xE0) {
                    width = 8;
                } else if (enc == 0xF0) {
                    width = 3;
                } else if (enc == 0xFE) {
                    width = 1;
                } else if (enc >= 0xF1 && enc <= 0xFD) {
                    width = 0;
                } else {
                    throw new RdbFormatException("ziplist encoding");
                }
                check(p + 1 + width, end);
                long v;
                if (width == 0) {
                    v = (enc & 0x0F) - 1;
                } else {
                    v = Listpack.readLe(zl, p + 1, width);
                    int shift = 64 - 8 * width;
                    v = (v << shift) >> shift;
                }
                element = Numbers.toBytes(v);
                p += 1 + width;
            }
            elements.add(element);
        }
        if (count != 0xFFFF && count != elements.size()) {
            throw new RdbFormatException("ziplist count");
        }
        return elements;
    }

    private static void check(long upTo, int end) throws RdbFormatException {
        if (upTo > end) {
            throw new RdbFormatException("ziplist entry");
        }
    }
}
