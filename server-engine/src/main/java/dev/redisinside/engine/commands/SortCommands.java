package dev.redisinside.engine.commands;

import dev.redisinside.engine.acl.AclUser;
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
import dev.redisinside.engine.store.RedisHash;
import dev.redisinside.engine.store.RedisList;
import dev.redisinside.engine.store.RedisSet;
import dev.redisinside.engine.store.RedisZSet;
import dev.redisinside.engine.store.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** SORT and SORT_RO (sort.c). */
public final class SortCommands implements CommandGroup {

    static final String NOT_DOUBLE = "ERR One or more scores can't be converted into double";

    private static final byte[] EMPTY = new byte[0];

    @Override
    public void register(CommandRegistry r) {
        r.register("sort", (ctx, args, out) -> sort(ctx, args, out, false));
        r.register("sort_ro", (ctx, args, out) -> sort(ctx, args, out, true));
    }

    /** One element being sorted: its bytes and its sort key (a score, or the BY value with ALPHA). */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] compareBy;

        Item(byte[] element) {
            this.element = element;
        }
    }

    void sort(Context ctx, Args args, Reply out, boolean readonly) {
        boolean desc = false;
        boolean alpha = false;
        boolean dontSort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] sortBy = null;
        byte[] storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        AclUser user = ctx.client().user;
        // BY and GET patterns reach keys no key spec names: Redis allows them only with read access to all keys
        boolean readsAllKeys = user.unrestricted() || ctx.engine().acl().unrestrictedReadAccess(user,
                ctx.engine().commandTable().lookup(args.all()), args.all());
        for (int j = 2; j < args.size(); j++) {
            int left = args.size() - j - 1;
            if (args.is(j, "asc")) {
                desc = false;
            } else if (args.is(j, "desc")) {
                desc = true;
            } else if (args.is(j, "alpha")) {
                alpha = true;
            } else if (args.is(j, "limit") && left >= 2) {
                limitStart = Numbers.parseLong(args.get(j + 1));
                limitCount = Numbers.parseLong(args.get(j + 2));
                j += 2;
            } else if (!readonly && args.is(j, "store") && left >= 1) {
                storeKey = args.get(++j);
            } else if (args.is(j, "by") && left >= 1) {
                sortBy = args.get(++j);
                dontSort = indexOf(sortBy, (byte) '*', 0, cLength(sortBy)) < 0;
                if (!dontSort && !readsAllKeys) {
                    throw new RedisException("ERR BY option of SORT denied due to insufficient ACL permissions.");
                }
            } else if (args.is(j, "get") && left >= 1) {
                if (!readsAllKeys) {
                    throw new RedisException("ERR GET option of SORT denied due to insufficient ACL permissions.");
                }
                gets.add(args.get(++j));
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }

        Object value = ctx.lookupRead(args.get(1));
        if (value != null && !(value instanceof RedisSet) && !(value instanceof RedisList)
                && !(value instanceof RedisZSet)) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        if (dontSort && value instanceof RedisSet
                && (storeKey != null || ctx.engine().scripts().isScriptClient(ctx.client()))) {
            // Sets have no order of their own: make the output deterministic for replication and scripts.
            dontSort = false;
            alpha = true;
            sortBy = null;
        }

        if (value instanceof RedisZSet zset) {
            zset.startAsSkiplist(); // Redis converts the sorted set for good before sorting it
        }
        int length = value == null ? 0 : value instanceof RedisList l ? l.size()
                : value instanceof RedisSet s ? s.size() : ((RedisZSet) value).size();
        long start = Math.min(Math.max(limitStart, 0), length);
        long count = Math.min(Math.max(limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }

        List<Item> items = new ArrayList<>();
        if (value instanceof RedisList list && dontSort) {
            if (end >= start) {
                int from = (int) (desc ? list.size() - start - 1 : start);
                for (int i = 0; i < end - start + 1; i++) {
                    items.add(new Item(list.get(desc ? from - i : from + i)));
                }
                end -= start;
                start = 0;
            }
        } else if (value instanceof RedisList list) {
            for (int i = 0; i < list.size(); i++) {
                items.add(new Item(list.get(i)));
            }
        } else if (value instanceof RedisSet set) {
            set.forEach(member -> items.add(new Item(member)));
        } else if (value instanceof RedisZSet zset && dontSort) {
            if (end >= start) {
                RedisZSet.Node n = desc ? zset.byRank(zset.size() - 1 - start) : zset.byRank(start);
                for (long i = 0; i < end - start + 1; i++) {
                    items.add(new Item(n.member()));
                    n = desc ? n.previous() : n.next();
                }
                end -= start;
                start = 0;
            }
        } else if (value instanceof RedisZSet zset) {
            for (RedisZSet.Node n = zset.first(); n != null; n = n.next()) {
                items.add(new Item(n.member()));
            }
        }

        boolean conversionError = false;
        if (!dontSort) {
            for (Item item : items) {
                byte[] by;
                if (sortBy != null) {
                    by = lookupByPattern(ctx, sortBy, item.element);
                    if (by == null) {
                        continue;
                    }
                } else {
                    by = item.element;
                }
                if (alpha) {
                    if (sortBy != null) {
                        item.compareBy = by;
                    }
                } else {
                    Double score = strtod(by);
                    if (score == null) {
                        conversionError = true;
                    } else {
                        item.score = score;
                    }
                }
            }
            items.sort(comparator(alpha, sortBy != null, desc));
        }

        long rows = end - start + 1;
        long outputLength = gets.isEmpty() ? rows : gets.size() * rows;
        if (conversionError) {
            throw new RedisException(NOT_DOUBLE);
        }
        if (storeKey == null) {
            out.array((int) outputLength);
            for (long j = start; j <= end; j++) {
                byte[] element = items.get((int) j).element;
                if (gets.isEmpty()) {
                    out.bulk(element);
                }
                for (byte[] pattern : gets) {
                    byte[] got = lookupByPattern(ctx, pattern, element);
                    if (got == null) {
                        out.nullBulk();
                    } else {
                        out.bulk(got);
                    }
                }
            }
            return;
        }
        RedisList result = new RedisList();
        for (long j = start; j <= end; j++) {
            byte[] element = items.get((int) j).element;
            if (gets.isEmpty()) {
                result.addLast(element);
            }
            for (byte[] pattern : gets) {
                byte[] got = lookupByPattern(ctx, pattern, element);
                result.addLast(got == null ? EMPTY : got);
            }
        }
        Database db = ctx.db();
        if (outputLength > 0) {
            db.put(storeKey, result);
            ctx.notify(KeyspaceNotifier.LIST, "sortstore", storeKey);
        } else if (db.delete(storeKey)) {
            ctx.notify(KeyspaceNotifier.GENERIC, "del", storeKey);
        }
        out.integer(outputLength);
    }

    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean desc) {
        Comparator<Item> c;
        if (!alpha) {
            c = (a, b) -> {
                if (a.score > b.score) {
                    return 1;
                }
                if (a.score < b.score) {
                    return -1;
                }
                return Arrays.compareUnsigned(a.element, b.element);
            };
        } else if (byPattern) {
            c = (a, b) -> {
                if (a.compareBy == null || b.compareBy == null) {
                    return a.compareBy == b.compareBy ? 0 : a.compareBy == null ? -1 : 1;
                }
                return Arrays.compareUnsigned(a.compareBy, b.compareBy);
            };
        } else {
            c = (a, b) -> Arrays.compareUnsigned(a.element, b.element);
        }
        return desc ? c.reversed() : c;
    }

    /**
     * lookupKeyByPattern: {@code #} is the element itself; otherwise the first {@code *} is replaced
     * by the element and the resulting key read as a string, or, with {@code ->field} after the
     * {@code *}, as a hash field. Null when the pattern has no {@code *} or nothing matches.
     */
    private static byte[] lookupByPattern(Context ctx, byte[] pattern, byte[] element) {
        // Redis searches the pattern as a C string: only up to its first NUL byte.
        int cLength = cLength(pattern);
        if (cLength == 1 && pattern[0] == '#') {
            return element;
        }
        int star = indexOf(pattern, (byte) '*', 0, cLength);
        if (star < 0) {
            return null;
        }
        int arrow = indexOfArrow(pattern, star + 1, cLength);
        byte[] field = null;
        int keyEnd = pattern.length;
        if (arrow >= 0 && arrow + 2 < cLength) {
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            keyEnd = arrow;
        }
        byte[] key = new byte[star + element.length + (keyEnd - star - 1)];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
        Object value = ctx.lookupRead(key);
        if (value == null) {
            return null;
        }
        if (field != null) {
            return value instanceof RedisHash hash ? hash.get(field) : null;
        }
        if (ValueType.of(value) != ValueType.STRING) {
            return null;
        }
        return value instanceof MutableString s ? s.toByteArray() : (byte[]) value;
    }

    private static int cLength(byte[] bytes) {
        int nul = indexOf(bytes, (byte) 0, 0, bytes.length);
        return nul < 0 ? bytes.length : nul;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfArrow(byte[] bytes, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (bytes[i] == '-' && bytes[i + 1] == '>') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value as C's strtod reads a whole string (sortCommand's check): null when characters are
     * left over, the result is NaN, or it over- or underflows. The string ends at its first NUL
     * byte, and an empty string is 0.
     */
    static Double strtod(byte[] bytes) {
        int len = cLength(bytes);
        if (len == 0) {
            return 0.0;
        }
        int from = 0;
        while (from < len && isSpace(bytes[from])) {
            from++;
        }
        byte[] text = Arrays.copyOfRange(bytes, from, len);
        Double value = Numbers.parseDouble(text);
        if (value == null) {
            return null;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (value.isInfinite() && !s.contains("inf")) {
            return null; // overflow (ERANGE)
        }
        if (Math.abs(value) < Double.MIN_NORMAL && !s.startsWith("0x")) {
            String mantissa = s.contains("e") ? s.substring(0, s.indexOf('e')) : s;
            if (mantissa.chars().anyMatch(c -> c >= '1' && c <= '9')) {
                return null; // underflow (ERANGE)
            }
        }
        return value;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }
}
