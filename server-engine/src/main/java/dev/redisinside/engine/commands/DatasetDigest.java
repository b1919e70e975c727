package dev.redisinside.engine.commands;

import dev.redisinside.engine.protocol.DoubleFormat;
import dev.redisinside.engine.server.RedisEngine;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.ElementTable;
import dev.redisinside.engine.store.KeyEntry;
import dev.redisinside.engine.store.MutableString;
import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.store.RedisList;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.RedisStream;
import dev.redisinside.engine.store.RedisZSet;
import dev.redisinside.engine.store.StreamId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * DEBUG DIGEST and DIGEST-VALUE: Redis's SHA1 signature of the dataset. Unordered collections xor their
 * elements' digests, ordered ones feed the digest back (debug.c's xorDigest and mixDigest), so the same
 * data gives the same hex string as in Redis whatever the encoding or insertion order.
 */
final class DatasetDigest {

    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private DatasetDigest() {
    }

    static byte[] ofDataset(RedisEngine engine) {
        byte[] result = new byte[20];
        for (int j = 0; j < engine.databaseCount(); j++) {
            Database db = engine.database(j);
            if (db.size() == 0) {
                continue;
            }
            mix(result, int32(j));
            db.forEachStored(entry -> {
                byte[] digest = new byte[20];
                mix(digest, entry.key());
                addValue(digest, entry);
                xor(result, sha1(digest));
            });
        }
        return result;
    }

    static byte[] ofValue(KeyEntry entry) {
        byte[] digest = new byte[20];
        addValue(digest, entry);
        return digest;
    }

    static String hex(byte[] digest) {
        StringBuilder text = new StringBuilder(40);
        for (byte b : digest) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }

    /** xorObjectDigest: the type, then the value's elements, then whether it has a time to live. */
    private static void addValue(byte[] digest, KeyEntry entry) {
        Object value = entry.value();
        if (value instanceof byte[] bytes) {
            mix(digest, int32(0));
            mix(digest, bytes);
        } else if (value instanceof MutableString string) {
            mix(digest, int32(0));
            mix(digest, string.toByteArray());
        } else if (value instanceof RedisList list) {
            mix(digest, int32(1));
            for (int i = 0; i < list.size(); i++) {
                mix(digest, list.get(i));
            }
        } else if (value instanceof RedisSet set) {
            mix(digest, int32(2));
            set.forEach(member -> xor(digest, sha1(member)));
        } else if (value instanceof RedisZSet zset) {
            mix(digest, int32(3));
            for (RedisZSet.Node n = zset.first(); n != null; n = n.next()) {
                byte[] element = new byte[20];
                mix(element, n.member());
                mix(element, DoubleFormat.g17(n.score()).getBytes(StandardCharsets.US_ASCII));
                xor(digest, sha1(element));
            }
        } else if (value instanceof RedisHash hash) {
            mix(digest, int32(4));
            for (ElementTable.Node n = hash.table().first(); n != null; n = n.after()) {
                byte[] element = new byte[20];
                mix(element, n.key());
                mix(element, n.value());
                xor(digest, sha1(element));
            }
        } else if (value instanceof RedisStream stream) {
            mix(digest, int32(6));
            for (Map.Entry<StreamId, byte[][]> e : stream.range(StreamId.MIN, StreamId.MAX).entrySet()) {
                mix(digest, (Long.toUnsignedString(e.getKey().ms()) + "." + Long.toUnsignedString(e.getKey().seq()))
                        .getBytes(StandardCharsets.US_ASCII));
                for (byte[] part : e.getValue()) {
                    mix(digest, part);
                }
            }
        }
        if (entry.expireAt() != KeyEntry.NO_EXPIRY) {
            xor(digest, sha1(EXPIRE_MARK));
        }
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The raw xor; debug.c's xorDigest is {@code xor(digest, sha1(data))}. */
    private static void xor(byte[] digest, byte[] hash) {
        for (int i = 0; i < 20; i++) {
            digest[i] ^= hash[i];
        }
    }

    /** mixDigest: digest = SHA1(digest xor SHA1(data)), so order matters. */
    private static void mix(byte[] digest, byte[] data) {
        xor(digest, sha1(data));
        System.arraycopy(sha1(digest), 0, digest, 0, 20);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
