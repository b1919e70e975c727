package dev.redisinside.engine.commands;

import dev.redisinside.engine.command.Args;
import dev.redisinside.engine.command.CommandGroup;
import dev.redisinside.engine.command.CommandRegistry;
import dev.redisinside.engine.command.Context;
import dev.redisinside.engine.command.Numbers;
import dev.redisinside.engine.command.RedisErrors;
import dev.redisinside.engine.command.RedisException;
import dev.redisinside.engine.protocol.Reply;
import dev.redisinside.engine.pubsub.KeyspaceNotifier;
import dev.redisinside.engine.store.Database;
import dev.redisinside.engine.store.MutableString;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bit operations on strings (Redis's bitops.c). Bit 0 is the most significant bit of the first byte.
 * Writes turn the value into a raw {@link MutableString} (Redis's dbUnshareStringValue) and change it
 * in place, so SETBIT on a large bitmap costs O(1) and keeps the key's time to live.
 */
public final class BitmapCommands implements CommandGroup {

    static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
    static final String BIT_VALUE = "ERR bit is not an integer or out of range";
    static final String BIT_ARGUMENT = "ERR The bit argument must be 1 or 0.";
    static final String BITOP_NOT = "ERR BITOP NOT must be called with a single source key.";
    static final String BITFIELD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    static final String BITFIELD_OVERFLOW = "ERR Invalid OVERFLOW type specified";
    static final String BITFIELD_RO_ONLY_GET = "ERR BITFIELD_RO only supports the GET subcommand";

    private static final int WRAP = 0;
    private static final int SAT = 1;
    private static final int FAIL = 2;

    @Override
    public void register(CommandRegistry r) {
        r.register("setbit", this::setbit);
        r.register("getbit", this::getbit);
        r.register("bitcount", this::bitcount);
        r.register("bitpos", this::bitpos);
        r.register("bitop", this::bitop);
        r.register("bitfield", (c, a, o) -> bitfield(c, a, o, false));
        r.register("bitfield_ro", (c, a, o) -> bitfield(c, a, o, true));
    }

    void setbit(Context ctx, Args args, Reply out) {
        byte[] key = args.get(1);
        long offset = bitOffset(ctx, args.get(2), false, 0);
        Long on = Numbers.parse(args.get(3));
        if (on == null || (on & ~1L) != 0) {
            throw new RedisException(BIT_VALUE);
        }
        Database db = ctx.db();
        Object value = db.get(key);
        int index = (int) (offset >>> 3);
        int bit = 7 - (int) (offset & 7);
        boolean created = value == null;
        int oldLength = created ? 0 : StringBytes.of(value).length;
        MutableString string = writable(db, key, value, index + 1);
        int oldByte = index < oldLength ? string.array()[index] & 0xff : 0;
        boolean wasSet = (oldByte & (1 << bit)) != 0;
        if (created || index >= oldLength || wasSet != (on == 1)) {
            string.setRange(index, new byte[] {(byte) ((oldByte & ~(1 << bit)) | (on.intValue() << bit))});
            db.signalModified(key);
            ctx.notify(KeyspaceNotifier.STRING, "setbit", key);
        }
        out.integer(wasSet ? 1 : 0);
    }

    void getbit(Context ctx, Args args, Reply out) {
        long offset = bitOffset(ctx, args.get(2), false, 0);
        StringBytes value = StringBytes.of(ctx.lookupRead(args.get(1)));
        long index = offset >>> 3;
        int bit = 7 - (int) (offset & 7);
        out.integer(value != null && index < value.length && (value.array[(int) index] & (1 << bit)) != 0 ? 1 : 0);
    }

    void bitcount(Context ctx, Args args, Reply out) {
        StringBytes string = StringBytes.of(ctx.lookupRead(args.get(1)));
        if (string == null) {
            out.integer(0);
            return;
        }
        byte[] value = string.array;
        long start;
        long end;
        int firstMask = 0;
        int lastMask = 0;
        if (args.size() == 4 || args.size() == 5) {
            long total = string.length;
            start = args.longAt(2);
            end = args.longAt(3);
            if (start < 0 && end < 0 && start > end) {
                out.integer(0);
                return;
            }
            boolean isBit = args.size() == 5 && bitUnit(args, 4);
            if (isBit) {
                total <<= 3;
            }
            long[] range = clamp(start, end, total);
            start = range[0];
            end = range[1];
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (args.size() == 2) {
            start = 0;
            end = string.length - 1;
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        if (start > end) {
            out.integer(0);
            return;
        }
        long count = 0;
        for (int i = (int) start; i <= end; i++) {
            count += Integer.bitCount(value[i] & 0xff);
        }
        count -= Integer.bitCount(value[(int) start] & firstMask);
        count -= Integer.bitCount(value[(int) end] & lastMask);
        out.integer(count);
    }

    void bitpos(Context ctx, Args args, Reply out) {
        Long bitArg = Numbers.parse(args.get(2));
        if (bitArg == null) {
            throw new RedisException(RedisErrors.NOT_INTEGER);
        }
        if (bitArg != 0 && bitArg != 1) {
            throw new RedisException(BIT_ARGUMENT);
        }
        int bit = bitArg.intValue();
        StringBytes string = StringBytes.of(ctx.lookupRead(args.get(1)));
        if (string == null) {
            out.integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] value = string.array;
        long start;
        long end;
        boolean endGiven = false;
        int firstMask = 0;
        int lastMask = 0;
        if (args.size() >= 4 && args.size() <= 6) {
            long total = string.length;
            start = args.longAt(3);
            boolean isBit = args.size() == 6 && bitUnit(args, 5);
            if (args.size() >= 5) {
                end = args.longAt(4);
                endGiven = true;
            } else {
                end = isBit ? (total << 3) + 7 : total - 1;
            }
            if (isBit) {
                total <<= 3;
            }
            long[] range = clamp(start, end, total);
            start = range[0];
            end = range[1];
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (args.size() == 3) {
            start = 0;
            end = string.length - 1;
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        if (start > end) {
            out.integer(-1);
            return;
        }
        // The masked edge bytes are forced to the value not searched for, so they never match.
        long bytes = end - start + 1;
        long pos = -1;
        for (long i = start; i <= end; i++) {
            int b = value[(int) i] & 0xff;
            if (i == start && firstMask != 0) {
                b = bit == 1 ? b & ~firstMask : b | firstMask;
            }
            if (i == end && lastMask != 0) {
                b = bit == 1 ? b & ~lastMask : b | lastMask;
            }
            int wanted = bit == 1 ? b : ~b & 0xff;
            if (wanted != 0) {
                pos = ((i - start) << 3) + Integer.numberOfLeadingZeros(wanted) - 24;
                break;
            }
        }
        if (pos == -1 && bit == 0) {
            // No clear bit inside: the string is taken as zero padded on the right, unless an end was given.
            if (endGiven) {
                out.integer(-1);
                return;
            }
            pos = bytes << 3;
        }
        out.integer(pos == -1 ? -1 : pos + (start << 3));
    }

    void bitop(Context ctx, Args args, Reply out) {
        int op;
        if (args.is(1, "and")) {
            op = 0;
        } else if (args.is(1, "or")) {
            op = 1;
        } else if (args.is(1, "xor")) {
            op = 2;
        } else if (args.is(1, "not")) {
            op = 3;
        } else {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        if (op == 3 && args.size() != 4) {
            throw new RedisException(BITOP_NOT);
        }
        Database db = ctx.db();
        int keys = args.size() - 3;
        StringBytes[] sources = new StringBytes[keys];
        int maxLength = 0;
        for (int j = 0; j < keys; j++) {
            sources[j] = StringBytes.of(ctx.lookupRead(args.get(j + 3)));
            if (sources[j] != null) {
                maxLength = Math.max(maxLength, sources[j].length);
            }
        }
        byte[] target = args.get(2);
        if (maxLength == 0) {
            if (db.delete(target)) {
                ctx.notify(KeyspaceNotifier.GENERIC, "del", target);
            }
            out.integer(0);
            return;
        }
        byte[] result = new byte[maxLength];
        for (int i = 0; i < maxLength; i++) {
            int output = byteAt(sources[0], i);
            if (op == 3) {
                output = ~output;
            }
            for (int j = 1; j < keys; j++) {
                int b = byteAt(sources[j], i);
                switch (op) {
                    case 0 -> output &= b;
                    case 1 -> output |= b;
                    default -> output ^= b;
                }
            }
            result[i] = (byte) output;
        }
        db.put(target, MutableString.created(result));
        ctx.notify(KeyspaceNotifier.STRING, "set", target);
        out.integer(maxLength);
    }

    /** One BITFIELD operation, validated before any is run. */
    private record FieldOp(int opcode, long offset, long value, int overflow, int bits, boolean signed) {
    }

    private static final int GET = 0;
    private static final int SET = 1;
    private static final int INCRBY = 2;

    void bitfield(Context ctx, Args args, Reply out, boolean readOnlyCommand) {
        List<FieldOp> ops = new ArrayList<>();
        int overflow = WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < args.size(); j++) {
            int remaining = args.size() - j - 1;
            int opcode;
            if (args.is(j, "get") && remaining >= 2) {
                opcode = GET;
            } else if (args.is(j, "set") && remaining >= 3) {
                opcode = SET;
            } else if (args.is(j, "incrby") && remaining >= 3) {
                opcode = INCRBY;
            } else if (args.is(j, "overflow") && remaining >= 1) {
                j++;
                if (args.is(j, "wrap")) {
                    overflow = WRAP;
                } else if (args.is(j, "sat")) {
                    overflow = SAT;
                } else if (args.is(j, "fail")) {
                    overflow = FAIL;
                } else {
                    throw new RedisException(BITFIELD_OVERFLOW);
                }
                continue;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
            byte[] type = args.get(j + 1);
            boolean signed;
            if (type.length > 0 && type[0] == 'i') {
                signed = true;
            } else if (type.length > 0 && type[0] == 'u') {
                signed = false;
            } else {
                throw new RedisException(BITFIELD_TYPE);
            }
            Long bits = Numbers.parse(Arrays.copyOfRange(type, 1, type.length));
            if (bits == null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
                throw new RedisException(BITFIELD_TYPE);
            }
            long offset = bitOffset(ctx, args.get(j + 2), true, bits.intValue());
            long value = 0;
            if (opcode != GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                value = args.longAt(j + 3);
            }
            ops.add(new FieldOp(opcode, offset, value, overflow, bits.intValue(), signed));
            j += opcode == GET ? 2 : 3;
        }
        Database db = ctx.db();
        byte[] key = args.get(1);
        StringBytes current;
        MutableString target = null;
        boolean grown = false;
        if (readOnly) {
            current = StringBytes.of(ctx.lookupRead(key));
        } else {
            if (readOnlyCommand) {
                throw new RedisException(BITFIELD_RO_ONLY_GET);
            }
            Object value = db.get(key);
            StringBytes old = StringBytes.of(value);
            int needed = (int) (highestWrite >>> 3) + 1;
            grown = old == null || old.length < needed;
            target = writable(db, key, value, needed);
            if (grown) {
                // Redis pads the string before running the operations, even if every write then fails.
                target.setRange(needed - 1, new byte[1]);
            }
            current = new StringBytes(target.array(), target.length());
        }
        out.array(ops.size());
        int changes = 0;
        for (FieldOp op : ops) {
            if (op.opcode == GET) {
                long raw = current == null ? 0 : getUnsigned(current, op.offset, op.bits);
                out.integer(op.signed ? signExtend(raw, op.bits) : raw);
                continue;
            }
            long oldRaw = getUnsigned(current, op.offset, op.bits);
            long oldValue = op.signed ? signExtend(oldRaw, op.bits) : oldRaw;
            long newValue;
            long reply;
            boolean overflowed;
            long[] limit = new long[1];
            if (op.opcode == INCRBY) {
                overflowed = op.signed
                        ? signedOverflow(oldValue, op.value, op.bits, op.overflow, limit) != 0
                        : unsignedOverflow(oldValue, op.value, op.bits, op.overflow, limit) != 0;
                newValue = overflowed ? limit[0] : oldValue + op.value;
                reply = newValue;
            } else {
                newValue = op.value;
                overflowed = op.signed
                        ? signedOverflow(newValue, 0, op.bits, op.overflow, limit) != 0
                        : unsignedOverflow(newValue, 0, op.bits, op.overflow, limit) != 0;
                if (overflowed) {
                    newValue = limit[0];
                }
                reply = oldValue;
            }
            if (overflowed && op.overflow == FAIL) {
                out.nullBulk();
                continue;
            }
            out.integer(reply);
            setUnsigned(target, op.offset, op.bits, newValue);
            current = new StringBytes(target.array(), target.length());
            if (grown || oldValue != newValue) {
                changes++;
            }
        }
        if (changes > 0) {
            db.signalModified(key);
            ctx.notify(KeyspaceNotifier.STRING, "setbit", key);
        }
    }

    /** A string value's bytes without copying: the array and how many of its bytes are the value. */
    private record StringBytes(byte[] array, int length) {
        /** Null for a missing key, WRONGTYPE for another type. */
        static StringBytes of(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof byte[] bytes) {
                return new StringBytes(bytes, bytes.length);
            }
            if (value instanceof MutableString string) {
                return new StringBytes(string.array(), string.length());
            }
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
    }

    /**
     * lookupStringForBitCommand: the key's string as a raw value that can be changed in place, created
     * (zero filled) when missing; {@code minLength} is the length the caller is about to write up to.
     */
    private static MutableString writable(Database db, byte[] key, Object value, int minLength) {
        if (value == null) {
            MutableString created = MutableString.zeroed(minLength);
            db.add(key, created);
            return created;
        }
        MutableString string = MutableString.unshare(value);
        if (string != value) {
            db.replaceRepresentation(db.entry(key), string);
        }
        return string;
    }

    /** getBitOffsetFromArgument: a bit offset, with {@code #n} meaning n × bits for BITFIELD. */
    private static long bitOffset(Context ctx, byte[] arg, boolean hash, int bits) {
        boolean useHash = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
        Long offset = Numbers.parse(useHash ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        if (offset == null) {
            throw new RedisException(BIT_OFFSET);
        }
        long value = offset;
        if (useHash) {
            value *= bits;
        }
        if (value < 0 || (value >> 3) >= ctx.engine().config().protoMaxBulkLen) {
            throw new RedisException(BIT_OFFSET);
        }
        return value;
    }

    private static boolean bitUnit(Args args, int index) {
        if (args.is(index, "bit")) {
            return true;
        }
        if (args.is(index, "byte")) {
            return false;
        }
        throw new RedisException(RedisErrors.SYNTAX);
    }

    /** Negative indexes count from the end; the result is clamped to the string. */
    private static long[] clamp(long start, long end, long total) {
        if (start < 0) {
            start = total + start;
        }
        if (end < 0) {
            end = total + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= total) {
            end = total - 1;
        }
        return new long[] {start, end};
    }

    private static int byteAt(StringBytes value, int index) {
        return value == null || index >= value.length ? 0 : value.array[index] & 0xff;
    }

    private static long getUnsigned(StringBytes p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) {
            long index = offset >>> 3;
            int bitval = index < p.length ? (p.array[(int) index] >> (7 - (int) (offset & 7))) & 1 : 0;
            value = (value << 1) | bitval;
        }
        return value;
    }

    /** Writes the field through a scratch copy of the bytes it spans (the string is long enough). */
    private static void setUnsigned(MutableString target, long offset, int bits, long value) {
        int first = (int) (offset >>> 3);
        int last = (int) ((offset + bits - 1) >>> 3);
        byte[] p = Arrays.copyOfRange(target.array(), first, last + 1);
        long local = offset - ((long) first << 3);
        for (int j = 0; j < bits; j++, local++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            int index = (int) (local >>> 3);
            int bit = 7 - (int) (local & 7);
            p[index] = (byte) ((p[index] & ~(1 << bit)) | (bitval << bit));
        }
        target.setRange(first, p);
    }

    private static long signExtend(long value, int bits) {
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** checkUnsignedBitfieldOverflow: 1 overflow, -1 underflow, 0 fits; {@code limit[0]} is the result to store. */
    private static int unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = (1L << bits) - 1; // bits ≤ 63
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            limit[0] = owtype == WRAP ? (value + incr) & max : max;
            return 1;
        } else if (incr < 0 && incr < minIncr) {
            limit[0] = owtype == WRAP ? (value + incr) & max : 0;
            return -1;
        }
        return 0;
    }

    /** checkSignedBitfieldOverflow, same contract as {@link #unsignedOverflow}. */
    private static int signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            limit[0] = owtype == WRAP ? wrapSigned(value, incr, bits) : max;
            return 1;
        } else if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            limit[0] = owtype == WRAP ? wrapSigned(value, incr, bits) : min;
            return -1;
        }
        return 0;
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            if ((c & (1L << (bits - 1))) != 0) {
                c |= mask;
            } else {
                c &= ~mask;
            }
        }
        return c;
    }
}
