package dev.redisinside.engine.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sorted set as Redis keeps it: a member → score map for O(1) lookups and a skip list ordered by
 * (score, member bytes) with spans, so ranks and ranges are O(log n). Redis's small "listpack"
 * encoding has the same order, so only OBJECT ENCODING needs to know which one Redis would use.
 */
public final class RedisZSet implements RedisValue {

    private static final int MAX_LEVEL = 32;
    private static final double P = 0.25;

    /** A member wrapped for hashing by content. */
    private record Member(byte[] bytes, int hash) {
        static Member of(byte[] bytes) {
            return new Member(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Member m && m.hash == hash && Arrays.equals(m.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A skip list node: one member with its score. */
    public static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        public byte[] member() {
            return member;
        }

        public double score() {
            return score;
        }

        /** The next node in ascending order, or null. */
        public Node next() {
            return forward[0];
        }

        /** The previous node, or null. */
        public Node previous() {
            return backward;
        }
    }

    /** A score interval, each end inclusive or exclusive. */
    public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
        boolean aboveMin(double v) {
            return minExclusive ? v > min : v >= min;
        }

        boolean belowMax(double v) {
            return maxExclusive ? v < max : v <= max;
        }

        boolean isEmpty() {
            return min > max || (min == max && (minExclusive || maxExclusive));
        }
    }

    /** The {@code -} bound of a lexicographic range (below every member). */
    public static final byte[] LEX_MIN = new byte[0];
    /** The {@code +} bound of a lexicographic range (above every member). */
    public static final byte[] LEX_MAX = new byte[0];

    /** A lexicographic interval; {@link #LEX_MIN} and {@link #LEX_MAX} (by identity) are {@code -} and {@code +}. */
    public record LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
        boolean aboveMin(byte[] v) {
            if (min == LEX_MIN) {
                return true;
            }
            if (min == LEX_MAX) {
                return false;
            }
            int c = compare(v, min);
            return minExclusive ? c > 0 : c >= 0;
        }

        boolean belowMax(byte[] v) {
            if (max == LEX_MIN) {
                return false;
            }
            if (max == LEX_MAX) {
                return true;
            }
            int c = compare(v, max);
            return maxExclusive ? c < 0 : c <= 0;
        }

        boolean isEmpty() {
            int c;
            if (min == max) {
                c = 0;
            } else if (min == LEX_MIN || max == LEX_MAX) {
                c = -1;
            } else if (min == LEX_MAX || max == LEX_MIN) {
                c = 1;
            } else {
                c = compare(min, max);
            }
            return c > 0 || (c == 0 && (minExclusive || maxExclusive));
        }
    }

    private final Map<Member, Node> dict = new HashMap<>();
    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int level = 1;
    private long maxMemberLength;
    private boolean bigEncoding;

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding(EncodingLimits limits) {
        if (!bigEncoding && (dict.size() > limits.zsetMaxListpackEntries()
                || maxMemberLength > limits.zsetMaxListpackValue())) {
            bigEncoding = true; // Redis never converts back to a listpack
        }
        return bigEncoding ? "skiplist" : "listpack";
    }

    /** Forces the encoding Redis would give a set created with this first member (ZADD's creation rule). */
    public void startAsSkiplist() {
        bigEncoding = true;
    }

    @Override
    public RedisZSet copy() {
        RedisZSet copy = new RedisZSet();
        for (Node n = header.forward[0]; n != null; n = n.forward[0]) {
            copy.add(n.member.clone(), n.score);
        }
        copy.bigEncoding = bigEncoding;
        return copy;
    }

    @Override
    public boolean isEmpty() {
        return dict.isEmpty();
    }

    public int size() {
        return dict.size();
    }

    /** The member's score, or null. */
    public Double score(byte[] member) {
        Node node = dict.get(Member.of(member));
        return node == null ? null : node.score;
    }

    /**
     * Adds or moves a member as ZADD and ZINCRBY do, turning to the skiplist encoding when the set outgrows
     * the listpack limits. A listpack keeps a whole-number score as an integer, so there -0.0 becomes 0
     * (a skiplist keeps the sign). Returns true if the member was new.
     */
    public boolean add(byte[] member, double score, EncodingLimits limits) {
        if (!bigEncoding) {
            long size = dict.size() + (dict.containsKey(Member.of(member)) ? 0 : 1);
            if (size > limits.zsetMaxListpackEntries()
                    || Math.max(maxMemberLength, member.length) > limits.zsetMaxListpackValue()) {
                bigEncoding = true;
            }
        }
        return add(member, bigEncoding ? score : listpackScore(score));
    }

    /** The score as a listpack stores it: -0.0 as the integer 0. */
    public static double listpackScore(double score) {
        return score == 0 ? 0.0 : score;
    }

    /** Adds a new member or moves an existing one to a new score. Returns true if the member was new. */
    public boolean add(byte[] member, double score) {
        Member key = Member.of(member);
        Node existing = dict.get(key);
        if (existing != null) {
            if (existing.score != score) {
                delete(existing.score, existing.member);
                dict.put(key, insert(score, existing.member));
            }
            return false;
        }
        dict.put(key, insert(score, member));
        maxMemberLength = Math.max(maxMemberLength, member.length);
        return true;
    }

    public boolean remove(byte[] member) {
        Node node = dict.remove(Member.of(member));
        if (node == null) {
            return false;
        }
        delete(node.score, node.member);
        return true;
    }

    public Node first() {
        return header.forward[0];
    }

    public Node last() {
        return tail;
    }

    /** 0-based rank of the member in ascending order, or -1. */
    public long rank(byte[] member) {
        Node node = dict.get(Member.of(member));
        if (node == null) {
            return -1;
        }
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && lessOrEqual(x.forward[i], node.score, node.member)) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x == node) {
                return rank - 1;
            }
        }
        return rank - 1;
    }

    /** The node at a 0-based rank, or null. */
    public Node byRank(long rank) {
        long target = rank + 1;
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= target) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == target) {
                return x;
            }
        }
        return null;
    }

    /** The first node within the score range, or null. */
    public Node firstInRange(ScoreRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.score) || !range.belowMax(header.forward[0].score)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.belowMax(x.score) ? x : null;
    }

    /** The last node within the score range, or null. */
    public Node lastInRange(ScoreRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.score) || !range.belowMax(header.forward[0].score)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMax(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        return x != header && range.aboveMin(x.score) ? x : null;
    }

    public Node firstInLexRange(LexRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.member) || !range.belowMax(header.forward[0].member)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.belowMax(x.member) ? x : null;
    }

    public Node lastInLexRange(LexRange range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail.member) || !range.belowMax(header.forward[0].member)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMax(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        return x != header && range.aboveMin(x.member) ? x : null;
    }

    /** A random node (ZRANDMEMBER). */
    public Node random() {
        return byRank(ThreadLocalRandom.current().nextInt(dict.size()));
    }

    /** Every node in ascending order (a snapshot, safe against removal while iterating). */
    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>(dict.size());
        for (Node n = header.forward[0]; n != null; n = n.forward[0]) {
            nodes.add(n);
        }
        return nodes;
    }

    /** Unsigned byte order, shorter prefix first: Redis's sdscmp/memcmp order for members. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    private static boolean less(Node n, double score, byte[] member) {
        return n.score < score || (n.score == score && compare(n.member, member) < 0);
    }

    private static boolean lessOrEqual(Node n, double score, byte[] member) {
        return n.score < score || (n.score == score && compare(n.member, member) <= 0);
    }

    private static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (random.nextDouble() < P && lvl < MAX_LEVEL) {
            lvl++;
        }
        return lvl;
    }

    private Node insert(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && less(x.forward[i], score, member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = dict.size();
            }
            level = lvl;
        }
        Node node = new Node(lvl, score, member);
        for (int i = 0; i < lvl; i++) {
            node.forward[i] = update[i].forward[i];
            update[i].forward[i] = node;
            node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.forward[0] != null) {
            node.forward[0].backward = node;
        } else {
            tail = node;
        }
        return node;
    }

    private void delete(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && less(x.forward[i], score, member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x == null || x.score != score || compare(x.member, member) != 0) {
            return;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
    }
}
