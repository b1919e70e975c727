package dev.redisinside.engine.commands;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Redis's geohash arithmetic (geohash.c, geohash_helper.c): 26 steps per axis interleaved into a
 * 52-bit sorted set score (latitude in the even bits, longitude in the odd ones), the 3×3 box search
 * around a point and the haversine distance on Redis's earth radius.
 */
final class Geohash {

    static final int STEP_MAX = 26;
    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;

    private static final double D_R = Math.PI / 180.0;
    private static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;

    private Geohash() {
    }

    /** A hash of {@code step} bits per axis; step 0 with bits 0 is "no box". */
    record Bits(long bits, int step) {
        boolean isZero() {
            return bits == 0 && step == 0;
        }
    }

    /** A search shape around {@code (longitude, latitude)}; sizes are in the unit, {@code conversion} m per unit. */
    static final class Shape {
        double longitude;
        double latitude;
        boolean box;
        double radius;
        double width;
        double height;
        double conversion;
        final double[] bounds = new double[4];
    }

    // ---- encoding ----

    /** geohashEncode over the given ranges; null when the point is outside them. */
    static Bits encode(double longMin, double longMax, double latMin, double latMax, double longitude,
            double latitude, int step) {
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
            return null;
        }
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
            return null;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return new Bits(interleave((long) latOffset & 0xffffffffL, (long) longOffset & 0xffffffffL), step);
    }

    static Bits encodeWgs84(double longitude, double latitude, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
    }

    /** The sorted set score of a point: its 26-step hash aligned to 52 bits. */
    static long score(double longitude, double latitude) {
        return align52(encodeWgs84(longitude, latitude, STEP_MAX));
    }

    static long align52(Bits hash) {
        return hash.bits << (52 - hash.step * 2);
    }

    private static long interleave(long x, long y) {
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        y = (y | (y << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        y = (y | (y << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        y = (y | (y << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        y = (y | (y << 1)) & 0x5555555555555555L;
        return x | (y << 1);
    }

    private static long deinterleave(long interleaved) {
        long x = interleaved;
        long y = interleaved >>> 1;
        x = (x | (x >>> 0)) & 0x5555555555555555L;
        y = (y | (y >>> 0)) & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        y = (y | (y >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        y = (y | (y >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        y = (y | (y >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        y = (y | (y >>> 16)) & 0x00000000FFFFFFFFL;
        return x | (y << 32);
    }

    // ---- decoding ----

    /** The area of a hash: {longMin, longMax, latMin, latMax} (geohashDecode on the WGS84 ranges). */
    static double[] decodeArea(Bits hash) {
        long separated = deinterleave(hash.bits);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        long ilato = separated & 0xffffffffL;
        long ilono = separated >>> 32;
        double div = (double) (1L << hash.step);
        return new double[] {
                LONG_MIN + (ilono * 1.0 / div) * longScale,
                LONG_MIN + ((ilono + 1) * 1.0 / div) * longScale,
                LAT_MIN + (ilato * 1.0 / div) * latScale,
                LAT_MIN + ((ilato + 1) * 1.0 / div) * latScale};
    }

    /** The centre of the 52-bit box of a score: {longitude, latitude} (decodeGeohash). */
    static double[] decodeScore(double score) {
        double[] area = decodeArea(new Bits(toUint64(score), STEP_MAX));
        double longitude = Math.min(LONG_MAX, Math.max(LONG_MIN, (area[0] + area[1]) / 2));
        double latitude = Math.min(LAT_MAX, Math.max(LAT_MIN, (area[2] + area[3]) / 2));
        return new double[] {longitude, latitude};
    }

    /**
     * C's {@code (uint64_t)} cast of a double as x86-64 compilers emit it, so that scores that are no
     * geohash (negative, huge, infinite) decode to the same places as in Redis.
     */
    static long toUint64(double value) {
        if (value < 9.223372036854775807E18) {
            return truncate(value);
        }
        return truncate(value - 9.223372036854775807E18) ^ Long.MIN_VALUE;
    }

    /** cvttsd2si: out-of-range and NaN inputs give the "integer indefinite" value. */
    private static long truncate(double value) {
        if (Double.isNaN(value) || value >= 9.223372036854775807E18 || value < -9.223372036854775807E18) {
            return Long.MIN_VALUE;
        }
        return (long) value;
    }

    /** The standard 11-character base32 geohash of a score (re-encoded on ±90° latitude). */
    static String geohashString(double score) {
        String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        double[] xy = decodeScore(score);
        Bits hash = encode(-180, 180, -90, 90, xy[0], xy[1], STEP_MAX);
        long bits = hash == null ? 0 : hash.bits;
        char[] buf = new char[11];
        for (int i = 0; i < 11; i++) {
            int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
            buf[i] = alphabet.charAt(idx);
        }
        return new String(buf);
    }

    // ---- neighbours and search areas ----

    private static Bits moveX(Bits hash, int d) {
        if (d == 0) {
            return hash;
        }
        long x = hash.bits & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - hash.step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step * 2));
        return new Bits(x | y, hash.step);
    }

    private static Bits moveY(Bits hash, int d) {
        if (d == 0) {
            return hash;
        }
        long x = hash.bits & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= (0x5555555555555555L >>> (64 - hash.step * 2));
        return new Bits(x | y, hash.step);
    }

    private static Bits move(Bits hash, int dx, int dy) {
        return moveY(moveX(hash, dx), dy);
    }

    static int estimateStepsByRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        if (step < 1) {
            step = 1;
        }
        if (step > 26) {
            step = 26;
        }
        return step;
    }

    private static void boundingBox(Shape shape) {
        double height = shape.conversion * (shape.box ? shape.height / 2 : shape.radius);
        double width = shape.conversion * (shape.box ? shape.width / 2 : shape.radius);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shape.latitude + latDelta)));
        double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shape.latitude - latDelta)));
        boolean southern = shape.latitude < 0;
        shape.bounds[0] = southern ? shape.longitude - longDeltaBottom : shape.longitude - longDeltaTop;
        shape.bounds[2] = southern ? shape.longitude + longDeltaBottom : shape.longitude + longDeltaTop;
        shape.bounds[1] = shape.latitude - latDelta;
        shape.bounds[3] = shape.latitude + latDelta;
    }

    /**
     * The boxes to scan for a shape (geohashCalculateAreasByShapeWGS84), in Redis's order: centre, north,
     * south, east, west, north-east, north-west, south-east, south-west; useless ones are zero.
     */
    static Bits[] searchAreas(Shape shape) {
        boundingBox(shape);
        double minLon = shape.bounds[0];
        double minLat = shape.bounds[1];
        double maxLon = shape.bounds[2];
        double maxLat = shape.bounds[3];
        double radiusMeters = shape.box
                ? Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))
                : shape.radius;
        radiusMeters *= shape.conversion;
        int steps = estimateStepsByRadius(radiusMeters, shape.latitude);
        Bits hash = encodeWgs84(shape.longitude, shape.latitude, steps);
        boolean decrease = area(move(hash, 0, 1))[3] < maxLat
                || area(move(hash, 0, -1))[2] > minLat
                || area(move(hash, 1, 0))[1] < maxLon
                || area(move(hash, -1, 0))[0] > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = encodeWgs84(shape.longitude, shape.latitude, steps);
        }
        Bits[] boxes = {hash, move(hash, 0, 1), move(hash, 0, -1), move(hash, 1, 0), move(hash, -1, 0),
                move(hash, 1, 1), move(hash, -1, 1), move(hash, 1, -1), move(hash, -1, -1)};
        if (steps >= 2) {
            double[] area = decodeArea(hash);
            Bits zero = new Bits(0, 0);
            if (area[2] < minLat) {
                boxes[2] = boxes[8] = boxes[7] = zero;
            }
            if (area[3] > maxLat) {
                boxes[1] = boxes[5] = boxes[6] = zero;
            }
            if (area[0] < minLon) {
                boxes[4] = boxes[8] = boxes[6] = zero;
            }
            if (area[1] > maxLon) {
                boxes[3] = boxes[7] = boxes[5] = zero;
            }
        }
        return boxes;
    }

    private static double[] area(Bits hash) {
        return decodeArea(hash);
    }

    // ---- distances ----

    private static double degRad(double ang) {
        return ang * D_R;
    }

    private static double radDeg(double ang) {
        return ang / D_R;
    }

    static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /** Haversine great-circle distance in meters. */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1d, lat2d);
        }
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
    }

    /** The distance from the shape's centre to the point if the point is inside the shape, else -1. */
    static double distanceIfWithin(Shape shape, double longitude, double latitude) {
        if (!shape.box) {
            double d = distance(shape.longitude, shape.latitude, longitude, latitude);
            return d > shape.radius * shape.conversion ? -1 : d;
        }
        double widthM = shape.width * shape.conversion;
        double heightM = shape.height * shape.conversion;
        if (latDistance(latitude, shape.latitude) > heightM / 2) {
            return -1;
        }
        if (distance(longitude, latitude, shape.longitude, latitude) > widthM / 2) {
            return -1;
        }
        return distance(shape.longitude, shape.latitude, longitude, latitude);
    }

    // ---- reply formatting ----

    /** C's {@code printf("%.Nf")} of the exact binary value (round half even on the exact decimal). */
    static String fixed(double value, int decimals) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String text = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        if (negative && !text.startsWith("-")) {
            text = "-" + text;
        }
        return text;
    }

    /** A distance with four decimals (addReplyDoubleDistance / fixedpoint_d2string). */
    static String distanceText(double d) {
        if (d == 0) {
            return "0.0000";
        }
        long scaled = (long) Math.rint(d * 10000.0);
        boolean negative = scaled < 0;
        String digits = Long.toString(Math.abs(scaled));
        while (digits.length() < 5) {
            digits = "0" + digits;
        }
        String text = digits.substring(0, digits.length() - 4) + "." + digits.substring(digits.length() - 4);
        return negative ? "-" + text : text;
    }

    /** A coordinate as Redis's human long double form: {@code %.17Lf} without trailing zeros. */
    static String humanDouble(double value) {
        String text = fixed(value, 17);
        if (text.indexOf('.') >= 0) {
            int end = text.length();
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
            text = text.substring(0, end);
        }
        return text.equals("-0") ? "0" : text;
    }
}
