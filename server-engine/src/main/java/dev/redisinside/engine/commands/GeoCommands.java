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
import dev.redisinside.engine.store.RedisZSet;
import dev.redisinside.engine.store.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Geo commands (geo.c). Points are members of a sorted set whose score is the 52-bit geohash, so the
 * sorted set commands see Redis's numbers; GEOADD is a ZADD with computed scores, as in Redis.
 */
public final class GeoCommands implements CommandGroup {

    static final String BAD_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
    static final String NO_MEMBER = "ERR could not decode requested zset member";

    private static final int COORDS = 1;
    private static final int MEMBER = 1 << 1;
    private static final int NOSTORE = 1 << 2;
    private static final int SEARCH = 1 << 3;
    private static final int SEARCHSTORE = 1 << 4;

    private final SortedSetCommands zsets = new SortedSetCommands();

    @Override
    public void register(CommandRegistry r) {
        r.register("geoadd", this::geoadd);
        r.register("geopos", this::geopos);
        r.register("geodist", this::geodist);
        r.register("geohash", this::geohash);
        r.register("georadius", (c, a, o) -> search(c, a, o, 1, COORDS));
        r.register("georadius_ro", (c, a, o) -> search(c, a, o, 1, COORDS | NOSTORE));
        r.register("georadiusbymember", (c, a, o) -> search(c, a, o, 1, MEMBER));
        r.register("georadiusbymember_ro", (c, a, o) -> search(c, a, o, 1, MEMBER | NOSTORE));
        r.register("geosearch", (c, a, o) -> search(c, a, o, 1, SEARCH));
        r.register("geosearchstore", (c, a, o) -> search(c, a, o, 2, SEARCH | SEARCHSTORE));
    }

    void geoadd(Context ctx, Args args, Reply out) {
        boolean nx = false;
        boolean xx = false;
        int longIndex = 2;
        while (longIndex < args.size()) {
            if (args.is(longIndex, "nx")) {
                nx = true;
            } else if (args.is(longIndex, "xx")) {
                xx = true;
            } else if (!args.is(longIndex, "ch")) {
                break;
            }
            longIndex++;
        }
        if ((args.size() - longIndex) % 3 != 0 || (xx && nx)) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        int elements = (args.size() - longIndex) / 3;
        byte[][] zaddArgs = new byte[longIndex + elements * 2][];
        zaddArgs[0] = "zadd".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i < longIndex; i++) {
            zaddArgs[i] = args.get(i);
        }
        for (int i = 0; i < elements; i++) {
            double[] xy = longLat(args, longIndex + i * 3);
            zaddArgs[longIndex + i * 2] = Numbers.toBytes(Geohash.score(xy[0], xy[1]));
            zaddArgs[longIndex + 1 + i * 2] = args.get(longIndex + i * 3 + 2);
        }
        zsets.zadd(ctx, new Args(zaddArgs), out, false);
    }

    void geopos(Context ctx, Args args, Reply out) {
        RedisZSet zset = readZSet(ctx, args.get(1));
        out.array(args.size() - 2);
        for (int j = 2; j < args.size(); j++) {
            Double score = zset == null ? null : zset.score(args.get(j));
            if (score == null) {
                out.nullArray();
                continue;
            }
            double[] xy = Geohash.decodeScore(score);
            out.array(2);
            out.doubleText(Geohash.humanDouble(xy[0]));
            out.doubleText(Geohash.humanDouble(xy[1]));
        }
    }

    void geodist(Context ctx, Args args, Reply out) {
        double toMeter = 1;
        if (args.size() == 5) {
            toMeter = unit(args, 4);
        } else if (args.size() > 5) {
            throw new RedisException(RedisErrors.SYNTAX);
        }
        RedisZSet zset = readZSet(ctx, args.get(1));
        if (zset == null) {
            out.nullBulk();
            return;
        }
        Double score1 = zset.score(args.get(2));
        Double score2 = zset.score(args.get(3));
        if (score1 == null || score2 == null) {
            out.nullBulk();
            return;
        }
        double[] a = Geohash.decodeScore(score1);
        double[] b = Geohash.decodeScore(score2);
        out.bulk(Geohash.distanceText(Geohash.distance(a[0], a[1], b[0], b[1]) / toMeter));
    }

    void geohash(Context ctx, Args args, Reply out) {
        RedisZSet zset = readZSet(ctx, args.get(1));
        out.array(args.size() - 2);
        for (int j = 2; j < args.size(); j++) {
            Double score = zset == null ? null : zset.score(args.get(j));
            if (score == null) {
                out.nullBulk();
            } else {
                out.bulk(Geohash.geohashString(score));
            }
        }
    }

    /** A point found by a search. */
    private record Point(byte[] member, double score, double longitude, double latitude, double distance) {
    }

    /** georadiusGeneric: every radius and box search, with or without STORE. */
    void search(Context ctx, Args args, Reply out, int sourceIndex, int flags) {
        RedisZSet zset = readZSet(ctx, args.get(sourceIndex));
        Geohash.Shape shape = new Geohash.Shape();
        byte[] storeKey = null;
        boolean storeDist = false;
        int baseArgs;
        if ((flags & COORDS) != 0) {
            baseArgs = 6;
            double[] xy = longLat(args, 2);
            shape.longitude = xy[0];
            shape.latitude = xy[1];
            distance(args, 4, shape);
        } else if ((flags & MEMBER) != 0) {
            baseArgs = 5;
            if (zset != null) {
                memberPosition(zset, args.get(2), shape);
                distance(args, 3, shape);
            }
        } else {
            baseArgs = 2;
            if ((flags & SEARCHSTORE) != 0) {
                baseArgs = 3;
                storeKey = args.get(1);
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0; // 0 none, 1 asc, 2 desc
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        int remaining = args.size() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int at = baseArgs + i;
            if (args.is(at, "withdist")) {
                withDist = true;
            } else if (args.is(at, "withhash")) {
                withHash = true;
            } else if (args.is(at, "withcoord")) {
                withCoords = true;
            } else if (args.is(at, "any")) {
                any = true;
            } else if (args.is(at, "asc")) {
                sort = 1;
            } else if (args.is(at, "desc")) {
                sort = 2;
            } else if (args.is(at, "count") && i + 1 < remaining) {
                count = args.longAt(at + 1);
                if (count <= 0) {
                    throw new RedisException("ERR COUNT must be > 0");
                }
                i++;
            } else if ((args.is(at, "store") || args.is(at, "storedist")) && i + 1 < remaining
                    && (flags & NOSTORE) == 0 && !search) {
                storeKey = args.get(at + 1);
                storeDist = args.is(at, "storedist");
                i++;
            } else if (args.is(at, "storedist") && (flags & SEARCHSTORE) != 0) {
                storeDist = true;
            } else if (args.is(at, "frommember") && i + 1 < remaining && search && !fromLonLat) {
                if (zset != null) {
                    memberPosition(zset, args.get(at + 1), shape);
                }
                fromMember = true;
                i++;
            } else if (args.is(at, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = longLat(args, at + 1);
                shape.longitude = xy[0];
                shape.latitude = xy[1];
                fromLonLat = true;
                i += 2;
            } else if (args.is(at, "byradius") && i + 2 < remaining && search && !byBox) {
                distance(args, at + 1, shape);
                shape.box = false;
                byRadius = true;
                i += 2;
            } else if (args.is(at, "bybox") && i + 3 < remaining && search && !byRadius) {
                Double width = Numbers.parseDouble(args.get(at + 1));
                if (width == null) {
                    throw new RedisException("ERR need numeric width");
                }
                Double height = Numbers.parseDouble(args.get(at + 2));
                if (height == null) {
                    throw new RedisException("ERR need numeric height");
                }
                if (height < 0 || width < 0) {
                    throw new RedisException("ERR height or width cannot be negative");
                }
                shape.width = width;
                shape.height = height;
                shape.conversion = unit(args, at + 3);
                shape.box = true;
                byBox = true;
                i += 3;
            } else {
                throw new RedisException(RedisErrors.SYNTAX);
            }
        }
        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw new RedisException("ERR " + ((flags & SEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (search && !(fromMember || fromLonLat)) {
            throw new RedisException("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + args.string(0));
        }
        if (search && !(byRadius || byBox)) {
            throw new RedisException("ERR exactly one of BYRADIUS and BYBOX can be specified for " + args.string(0));
        }
        if (any && count == 0) {
            throw new RedisException("ERR the ANY argument requires COUNT argument");
        }
        if (zset == null) {
            if (storeKey != null) {
                if (ctx.db().delete(storeKey)) {
                    ctx.notify(KeyspaceNotifier.GENERIC, "del", storeKey);
                }
                out.integer(0);
            } else {
                out.emptyArray();
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1;
        }
        List<Point> points = pointsInShape(zset, shape, any ? count : 0);
        if (points.isEmpty() && storeKey == null) {
            out.emptyArray();
            return;
        }
        int returned = (int) (count == 0 || points.size() < count ? points.size() : count);
        if (sort != 0) {
            // sort_gp_asc / sort_gp_desc; a full sort is glibc's (stable) qsort, a partial one pqsort.
            Comparator<Point> ascending = (x, y) -> x.distance > y.distance ? 1 : x.distance == y.distance ? 0 : -1;
            Comparator<Point> order = sort == 1 ? ascending : (x, y) -> -ascending.compare(x, y);
            if (returned == points.size()) {
                points.sort(order);
            } else {
                Point[] array = points.toArray(new Point[0]);
                PartialSort.sort(array, order, 0, returned - 1);
                points = Arrays.asList(array);
            }
        }
        if (storeKey == null) {
            int options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
            out.array(returned);
            for (int i = 0; i < returned; i++) {
                Point p = points.get(i);
                if (options > 0) {
                    out.array(options + 1);
                }
                out.bulk(p.member);
                if (withDist) {
                    out.bulk(Geohash.distanceText(p.distance / shape.conversion));
                }
                if (withHash) {
                    out.integer((long) p.score);
                }
                if (withCoords) {
                    out.array(2);
                    out.doubleText(Geohash.humanDouble(p.longitude));
                    out.doubleText(Geohash.humanDouble(p.latitude));
                }
            }
            return;
        }
        if (returned == 0) {
            if (ctx.db().delete(storeKey)) {
                ctx.notify(KeyspaceNotifier.GENERIC, "del", storeKey);
            }
            out.integer(0);
            return;
        }
        RedisZSet stored = new RedisZSet();
        for (int i = 0; i < returned; i++) {
            Point p = points.get(i);
            stored.add(p.member.clone(), storeDist ? p.distance / shape.conversion : p.score);
        }
        ctx.db().put(storeKey, stored);
        ctx.notify(KeyspaceNotifier.ZSET, search ? "geosearchstore" : "georadiusstore", storeKey);
        out.integer(returned);
    }

    /** membersOfAllNeighbors: scans the nine boxes' score ranges, keeping points inside the shape. */
    private static List<Point> pointsInShape(RedisZSet zset, Geohash.Shape shape, long limit) {
        Geohash.Bits[] boxes = Geohash.searchAreas(shape);
        List<Point> points = new ArrayList<>();
        int lastProcessed = 0;
        for (int i = 0; i < boxes.length; i++) {
            Geohash.Bits box = boxes[i];
            if (box.isZero()) {
                continue;
            }
            // Huge radii can make neighbours equal to the previous box: scan each range once.
            if (lastProcessed != 0 && box.equals(boxes[lastProcessed])) {
                continue;
            }
            if (!points.isEmpty() && limit != 0 && points.size() >= limit) {
                break;
            }
            double min = Geohash.align52(box);
            double max = Geohash.align52(new Geohash.Bits(box.bits() + 1, box.step()));
            RedisZSet.ScoreRange range = new RedisZSet.ScoreRange(min, false, max, true);
            for (RedisZSet.Node node = zset.firstInRange(range); node != null && node.score() < max;
                    node = node.next()) {
                double[] xy = Geohash.decodeScore(node.score());
                double d = Geohash.distanceIfWithin(shape, xy[0], xy[1]);
                if (d >= 0) {
                    points.add(new Point(node.member(), node.score(), xy[0], xy[1], d));
                }
                if (!points.isEmpty() && limit != 0 && points.size() >= limit) {
                    break;
                }
            }
            lastProcessed = i;
        }
        return points;
    }

    /** lookupKeyRead + checkType: the sorted set, null when missing, WRONGTYPE for other types. */
    private static RedisZSet readZSet(Context ctx, byte[] key) {
        Object value = ctx.lookupRead(key);
        if (value != null && ValueType.of(value) != ValueType.ZSET) {
            throw new RedisException(RedisErrors.WRONGTYPE);
        }
        return (RedisZSet) value;
    }

    /** extractLongLatOrReply: two doubles within Redis's longitude and latitude limits. */
    private static double[] longLat(Args args, int index) {
        double longitude = args.doubleAt(index);
        double latitude = args.doubleAt(index + 1);
        if (longitude < Geohash.LONG_MIN || longitude > Geohash.LONG_MAX
                || latitude < Geohash.LAT_MIN || latitude > Geohash.LAT_MAX) {
            throw new RedisException("ERR invalid longitude,latitude pair " + Geohash.fixed(longitude, 6) + ","
                    + Geohash.fixed(latitude, 6));
        }
        return new double[] {longitude, latitude};
    }

    private static void memberPosition(RedisZSet zset, byte[] member, Geohash.Shape shape) {
        Double score = zset.score(member);
        if (score == null) {
            throw new RedisException(NO_MEMBER);
        }
        double[] xy = Geohash.decodeScore(score);
        shape.longitude = xy[0];
        shape.latitude = xy[1];
    }

    /** extractDistanceOrReply: a radius and its unit. */
    private static void distance(Args args, int index, Geohash.Shape shape) {
        Double radius = Numbers.parseDouble(args.get(index));
        if (radius == null) {
            throw new RedisException("ERR need numeric radius");
        }
        if (radius < 0) {
            throw new RedisException("ERR radius cannot be negative");
        }
        shape.radius = radius;
        shape.conversion = unit(args, index + 1);
    }

    /** Meters per unit. */
    private static double unit(Args args, int index) {
        if (args.is(index, "m")) {
            return 1;
        } else if (args.is(index, "km")) {
            return 1000;
        } else if (args.is(index, "ft")) {
            return 0.3048;
        } else if (args.is(index, "mi")) {
            return 1609.34;
        }
        throw new RedisException(BAD_UNIT);
    }
}
