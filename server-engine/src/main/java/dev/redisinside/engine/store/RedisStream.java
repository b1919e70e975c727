package dev.redisinside.engine.store;

import dev.redisinside.engine.command.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A stream (t_stream.c). Live entries sit in a tree ordered by ID. Beside them we keep a model of
 * Redis's listpack nodes (master ID, live and deleted counts, encoded size): approximate trimming
 * ({@code ~}) only drops whole nodes and XINFO reports the radix tree's size, so both must match
 * what Redis would have built from the same commands.
 */
public final class RedisStream implements RedisValue {

    /** Largest listpack Redis lets a stream node grow to (STREAM_LISTPACK_MAX_SIZE). */
    private static final long LISTPACK_MAX_SIZE = 1L << 30;
    /** Group "entries-read" when unknown (SCG_INVALID_ENTRIES_READ). */
    public static final long INVALID_ENTRIES_READ = -1;

    private final TreeMap<StreamId, byte[][]> entries = new TreeMap<>();
    private final TreeMap<StreamId, Node> nodes = new TreeMap<>();
    private final TreeMap<byte[], Group> groups = new TreeMap<>(Arrays::compareUnsigned);
    private StreamId lastId = StreamId.MIN;
    private StreamId firstId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;

    /** One listpack of the radix tree: enough of it to know when Redis opens a new one and what it holds. */
    private static final class Node {
        final StreamId master;
        final byte[][] masterFields;
        int live;
        int deleted;
        /** Encoded bytes except the live/deleted counters, which change width as they grow. */
        long bytes;
        /** Last ID appended, deleted or not. */
        StreamId last;
        /** Deleted entries still in the listpack (flagged), kept for DUMP; null when none. */
        TreeMap<StreamId, byte[][]> tombstones;

        Node(StreamId master, byte[][] masterFields) {
            this.master = master;
            this.masterFields = masterFields;
        }

        long totalBytes() {
            return bytes + intSize(live) + intSize(deleted);
        }

        void tombstone(StreamId id, byte[][] fieldsAndValues) {
            if (tombstones == null) {
                tombstones = new TreeMap<>();
            }
            tombstones.put(id, fieldsAndValues);
        }

        Node copy() {
            Node copy = new Node(master, masterFields);
            copy.live = live;
            copy.deleted = deleted;
            copy.bytes = bytes;
            copy.last = last;
            copy.tombstones = tombstones == null ? null : new TreeMap<>(tombstones);
            return copy;
        }
    }

    /** A pending entry: delivered to a consumer, not yet acknowledged. */
    public static final class Nack {
        Consumer consumer;
        long deliveryTime;
        long deliveryCount;

        Nack(Consumer consumer, long deliveryTime, long deliveryCount) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }

        public Consumer consumer() {
            return consumer;
        }

        public long deliveryTime() {
            return deliveryTime;
        }

        public long deliveryCount() {
            return deliveryCount;
        }
    }

    public static final class Consumer {
        final byte[] name;
        long seenTime;
        final TreeMap<StreamId, Nack> pel = new TreeMap<>();

        Consumer(byte[] name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }

        public byte[] name() {
            return name;
        }

        public long seenTime() {
            return seenTime;
        }

        /** The consumer was looked up by a command that refreshes it (SLC_DEFAULT). */
        public void seen(long now) {
            seenTime = now;
        }

        public NavigableMap<StreamId, Nack> pel() {
            return pel;
        }
    }

    public static final class Group {
        StreamId lastId;
        long entriesRead;
        final TreeMap<StreamId, Nack> pel = new TreeMap<>();
        final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

        Group(StreamId lastId, long entriesRead) {
            this.lastId = lastId;
            this.entriesRead = entriesRead;
        }

        public StreamId lastId() {
            return lastId;
        }

        public void lastId(StreamId id) {
            lastId = id;
        }

        public long entriesRead() {
            return entriesRead;
        }

        public void entriesRead(long value) {
            entriesRead = value;
        }

        public NavigableMap<StreamId, Nack> pel() {
            return pel;
        }

        public NavigableMap<byte[], Consumer> consumers() {
            return consumers;
        }

        public Consumer consumer(byte[] name) {
            return consumers.get(name);
        }

        /** Creates the consumer; null if it exists. */
        public Consumer createConsumer(byte[] name, long now) {
            if (consumers.containsKey(name)) {
                return null;
            }
            Consumer consumer = new Consumer(name.clone(), now);
            consumers.put(consumer.name, consumer);
            return consumer;
        }

        /** Removes a consumer and its pending entries; returns how many it had. */
        public int deleteConsumer(Consumer consumer) {
            int pending = consumer.pel.size();
            for (StreamId id : consumer.pel.keySet()) {
                pel.remove(id);
            }
            consumers.remove(consumer.name);
            return pending;
        }

        /** Records a delivery of the entry to the consumer (streamReplyWithRange's PEL update). */
        public void deliver(StreamId id, Consumer consumer, long now) {
            Nack nack = pel.get(id);
            if (nack == null) {
                nack = new Nack(consumer, now, 1);
                pel.put(id, nack);
            } else {
                nack.consumer.pel.remove(id);
                nack.consumer = consumer;
                nack.deliveryTime = now;
                nack.deliveryCount = 1;
            }
            consumer.pel.put(id, nack);
        }

        /** Creates an unowned pending entry (XCLAIM FORCE). */
        public Nack createNack(StreamId id, long now) {
            Nack nack = new Nack(null, now, 1);
            pel.put(id, nack);
            return nack;
        }

        /** Moves a pending entry to a consumer. */
        public void assign(StreamId id, Nack nack, Consumer consumer) {
            if (nack.consumer != consumer) {
                if (nack.consumer != null) {
                    nack.consumer.pel.remove(id);
                }
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
        }

        public void setDelivery(Nack nack, long time, long count) {
            nack.deliveryTime = time;
            nack.deliveryCount = count;
        }

        /** Removes the pending entry from the group and its consumer; false when it was not pending. */
        public boolean acknowledge(StreamId id) {
            Nack nack = pel.remove(id);
            if (nack == null) {
                return false;
            }
            if (nack.consumer != null) {
                nack.consumer.pel.remove(id);
            }
            return true;
        }
    }

    @Override
    public ValueType type() {
        return ValueType.STREAM;
    }

    @Override
    public String encoding(EncodingLimits limits) {
        return "stream";
    }

    /** Streams stay in the keyspace when emptied (XDEL, XTRIM), as in Redis. */
    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public RedisStream copy() {
        RedisStream copy = new RedisStream();
        copy.entries.putAll(entries);
        nodes.forEach((id, node) -> copy.nodes.put(id, node.copy()));
        copy.lastId = lastId;
        copy.firstId = firstId;
        copy.maxDeletedId = maxDeletedId;
        copy.entriesAdded = entriesAdded;
        groups.forEach((name, group) -> {
            Group g = new Group(group.lastId, group.entriesRead);
            Map<Consumer, Consumer> consumers = new IdentityHashMap<>();
            group.consumers.forEach((cname, consumer) -> {
                Consumer c = new Consumer(consumer.name, consumer.seenTime);
                consumers.put(consumer, c);
                g.consumers.put(c.name, c);
            });
            group.pel.forEach((id, nack) -> {
                Consumer owner = nack.consumer == null ? null : consumers.get(nack.consumer);
                Nack n = new Nack(owner, nack.deliveryTime, nack.deliveryCount);
                g.pel.put(id, n);
                if (owner != null) {
                    owner.pel.put(id, n);
                }
            });
            copy.groups.put(name, g);
        });
        return copy;
    }

    // ---- state ----

    public long length() {
        return entries.size();
    }

    public StreamId lastId() {
        return lastId;
    }

    public StreamId firstId() {
        return firstId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    /** XSETID. */
    public void setLastId(StreamId id, long entriesAdded, StreamId maxDeletedId) {
        this.lastId = id;
        if (entriesAdded != -1) {
            this.entriesAdded = entriesAdded;
        }
        if (!maxDeletedId.isZero()) {
            this.maxDeletedId = maxDeletedId;
        }
    }

    /** The last live entry's ID (streamLastValidID), 0-0 when empty. */
    public StreamId lastValidId() {
        return entries.isEmpty() ? StreamId.MIN : entries.lastKey();
    }

    public byte[][] entry(StreamId id) {
        return entries.get(id);
    }

    /** Live entries between the bounds, inclusive, in ID order. */
    public NavigableMap<StreamId, byte[][]> range(StreamId start, StreamId end) {
        if (start.compareTo(end) > 0) {
            return Collections.emptyNavigableMap();
        }
        return entries.subMap(start, true, end, true);
    }

    public Map.Entry<StreamId, byte[][]> firstEntry() {
        return entries.firstEntry();
    }

    public Map.Entry<StreamId, byte[][]> lastEntry() {
        return entries.lastEntry();
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** What Redis allocates for a stream's newest listpack up front (STREAM_LISTPACK_MAX_PRE_ALLOCATE). */
    private static final long NODE_PREALLOCATION = 4096;

    /**
     * Memory of the listpack nodes and their radix tree, for MEMORY USAGE and the dataset figure, sampled as
     * Redis does: the average of the first {@code samples} nodes for all but the newest, which counts as it
     * is (at least its preallocation).
     */
    public long sampledNodeBytes(long samples) {
        if (nodes.isEmpty()) {
            return 0;
        }
        long radix = 2L * 32 * (nodes.size() - 1);
        Node last = nodes.lastEntry().getValue();
        long lastBytes = Math.max(NODE_PREALLOCATION, MemoryEstimate.allocation(last.totalBytes()));
        long sum = 0;
        int sampled = 0;
        for (Node node : nodes.values()) {
            if (sampled >= Math.max(1, samples)) {
                break;
            }
            sum += node == last ? lastBytes : MemoryEstimate.allocation(node.totalBytes());
            sampled++;
        }
        if (nodes.size() <= sampled) {
            return radix + sum;
        }
        return radix + sum / sampled * (nodes.size() - 1) + lastBytes;
    }

    // ---- writes ----

    /** The ID XADD * generates at the given time (streamNextID), or null when IDs are exhausted. */
    public StreamId nextId(long now) {
        if (Long.compareUnsigned(now, lastId.ms()) > 0) {
            return new StreamId(now, 0);
        }
        return lastId.next();
    }

    /**
     * Appends an entry (streamAppendItem); the caller has checked that the ID is greater than the
     * last one. {@code fieldsAndValues} alternates fields and values.
     */
    public void append(StreamId id, byte[][] fieldsAndValues, long nodeMaxBytes, long nodeMaxEntries) {
        long elementBytes = 0;
        for (byte[] element : fieldsAndValues) {
            elementBytes += element.length;
        }
        int fieldCount = fieldsAndValues.length / 2;
        Map.Entry<StreamId, Node> tailEntry = nodes.lastEntry();
        Node node = tailEntry == null ? null : tailEntry.getValue();
        if (node != null) {
            long maxBytes = nodeMaxBytes == 0 || nodeMaxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : nodeMaxBytes;
            if (node.totalBytes() + elementBytes >= maxBytes
                    || (nodeMaxEntries != 0 && node.live + node.deleted >= nodeMaxEntries)) {
                node = null;
            }
        }
        boolean sameFields;
        if (node == null) {
            byte[][] fields = new byte[fieldCount][];
            long bytes = 7 + intSize(fieldCount) + intSize(0);
            for (int i = 0; i < fieldCount; i++) {
                fields[i] = fieldsAndValues[2 * i];
                bytes += stringSize(fields[i]);
            }
            node = new Node(id, fields);
            node.bytes = bytes;
            nodes.put(id, node);
            sameFields = true;
        } else {
            sameFields = node.masterFields.length == fieldCount;
            for (int i = 0; sameFields && i < fieldCount; i++) {
                sameFields = Arrays.equals(node.masterFields[i], fieldsAndValues[2 * i]);
            }
        }
        long bytes = intSize(sameFields ? 2 : 0) + intSize(id.ms() - node.master.ms()) + intSize(id.seq() - node.master.seq());
        long lpCount = fieldCount + 3;
        if (!sameFields) {
            bytes += intSize(fieldCount);
            lpCount += fieldCount + 1;
        }
        for (int i = 0; i < fieldCount; i++) {
            if (!sameFields) {
                bytes += stringSize(fieldsAndValues[2 * i]);
            }
            bytes += stringSize(fieldsAndValues[2 * i + 1]);
        }
        bytes += intSize(lpCount);
        node.bytes += bytes;
        node.live++;
        node.last = id;
        entries.put(id, fieldsAndValues);
        entriesAdded++;
        lastId = id;
        if (entries.size() == 1) {
            firstId = id;
        }
    }

    /** XDEL of one ID; false when no such entry. Updates the max deleted ID and the first ID. */
    public boolean delete(StreamId id) {
        byte[][] removed = entries.remove(id);
        if (removed == null) {
            return false;
        }
        Node node = nodes.floorEntry(id).getValue();
        node.live--;
        node.deleted++;
        if (node.live == 0) {
            nodes.remove(node.master);
        } else {
            node.tombstone(id, removed);
        }
        if (id.compareTo(maxDeletedId) > 0) {
            maxDeletedId = id;
        }
        if (entries.isEmpty()) {
            firstId = StreamId.MIN;
        } else if (id.equals(firstId)) {
            firstId = entries.firstKey();
        }
        return true;
    }

    /**
     * Trims from the head (streamTrim): by length when {@code minId} is null, else by minimal ID. With
     * {@code approx} only whole nodes go; {@code limit} (0 = none) caps the entries removed.
     */
    public long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        long deleted = 0;
        while (!nodes.isEmpty()) {
            if (minId == null && entries.size() <= maxLen) {
                break;
            }
            Node node = nodes.firstEntry().getValue();
            if (limit != 0 && deleted + node.live > limit) {
                break;
            }
            boolean removeNode = minId == null
                    ? entries.size() - node.live >= maxLen
                    : node.last.compareTo(minId) < 0;
            Map.Entry<StreamId, Node> after = nodes.higherEntry(node.master);
            NavigableMap<StreamId, byte[][]> inNode = after == null
                    ? entries.tailMap(node.master, true)
                    : entries.subMap(node.master, true, after.getKey(), false);
            if (removeNode) {
                deleted += node.live;
                inNode.clear();
                nodes.remove(node.master);
                continue;
            }
            if (approx) {
                break;
            }
            var it = inNode.keySet().iterator();
            while (it.hasNext()) {
                StreamId id = it.next();
                if (minId == null ? entries.size() <= maxLen : id.compareTo(minId) >= 0) {
                    break;
                }
                node.tombstone(id, inNode.get(id));
                it.remove();
                node.live--;
                node.deleted++;
                deleted++;
            }
            break;
        }
        if (entries.isEmpty()) {
            firstId = StreamId.MIN;
        } else if (deleted > 0) {
            firstId = entries.firstKey();
        }
        return deleted;
    }

    // ---- groups ----

    public NavigableMap<byte[], Group> groups() {
        return groups;
    }

    public Group group(byte[] name) {
        return groups.get(name);
    }

    /** Creates a group; null when one of that name exists. */
    public Group createGroup(byte[] name, StreamId lastId, long entriesRead) {
        if (groups.containsKey(name)) {
            return null;
        }
        Group group = new Group(lastId, entriesRead);
        groups.put(name.clone(), group);
        return group;
    }

    public boolean destroyGroup(byte[] name) {
        return groups.remove(name) != null;
    }

    /** Whether an XDEL tombstone may lie within the range (streamRangeHasTombstones). */
    public boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (entries.isEmpty() || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        StreamId from = start == null ? StreamId.MIN : start;
        StreamId to = end == null ? StreamId.MAX : end;
        return from.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(to) <= 0;
    }

    /** The logical read counter of an ID, or {@link #INVALID_ENTRIES_READ} (streamEstimateDistanceFromFirstEverEntry). */
    public long estimateDistanceFromFirstEverEntry(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (entries.isEmpty() && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return INVALID_ENTRIES_READ;
        }
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) {
                return entriesAdded - entries.size();
            } else if (cmpFirst == 0) {
                return entriesAdded - entries.size() + 1;
            }
        }
        return INVALID_ENTRIES_READ;
    }

    /** The group's lag, or null when it cannot be known (streamReplyWithCGLag). */
    public Long lag(Group group) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (group.entriesRead != INVALID_ENTRIES_READ && !rangeHasTombstones(group.lastId, null)) {
            return entriesAdded - group.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(group.lastId);
        return read == INVALID_ENTRIES_READ ? null : entriesAdded - read;
    }

    /** Advances the group past a delivered ID, keeping its read counter (streamReplyWithRange). */
    public void advanceGroup(Group group, StreamId id) {
        if (id.compareTo(group.lastId) <= 0) {
            return;
        }
        if (group.entriesRead != INVALID_ENTRIES_READ && !rangeHasTombstones(id, null)) {
            group.entriesRead++;
        } else if (entriesAdded != 0) {
            group.entriesRead = estimateDistanceFromFirstEverEntry(id);
        }
        group.lastId = id;
    }

    // ---- serialization (store/rdb) ----

    /** An entry as a stream listpack holds it: live, or flagged deleted. */
    public record NodeEntry(StreamId id, byte[][] fieldsAndValues, boolean deleted) {
    }

    /** One listpack node: its master entry and every entry it holds, in ID order. */
    public record NodeView(StreamId master, byte[][] masterFields, int live, int deleted, List<NodeEntry> entries) {
    }

    /** The listpack nodes in ID order, with their live and deleted entries (for DUMP). */
    public List<NodeView> nodeViews() {
        List<NodeView> views = new ArrayList<>(nodes.size());
        for (Map.Entry<StreamId, Node> e : nodes.entrySet()) {
            Node node = e.getValue();
            Map.Entry<StreamId, Node> after = nodes.higherEntry(e.getKey());
            NavigableMap<StreamId, byte[][]> live = after == null
                    ? entries.tailMap(node.master, true)
                    : entries.subMap(node.master, true, after.getKey(), false);
            List<NodeEntry> list = new ArrayList<>(node.live + node.deleted);
            var liveIt = live.entrySet().iterator();
            var deadIt = node.tombstones == null
                    ? Collections.<Map.Entry<StreamId, byte[][]>>emptyIterator()
                    : node.tombstones.entrySet().iterator();
            Map.Entry<StreamId, byte[][]> l = liveIt.hasNext() ? liveIt.next() : null;
            Map.Entry<StreamId, byte[][]> d = deadIt.hasNext() ? deadIt.next() : null;
            while (l != null || d != null) {
                if (d == null || (l != null && l.getKey().compareTo(d.getKey()) < 0)) {
                    list.add(new NodeEntry(l.getKey(), l.getValue(), false));
                    l = liveIt.hasNext() ? liveIt.next() : null;
                } else {
                    list.add(new NodeEntry(d.getKey(), d.getValue(), true));
                    d = deadIt.hasNext() ? deadIt.next() : null;
                }
            }
            views.add(new NodeView(node.master, node.masterFields, node.live, node.deleted, list));
        }
        return views;
    }

    /**
     * Adds a node read from a DUMP payload: {@code listpackBytes} is the listpack's size, the entries
     * are in ID order and must follow the previous node's. Returns false when the node is not
     * consistent (out of order, counts that disagree with the entries).
     */
    public boolean loadNode(StreamId master, byte[][] masterFields, long listpackBytes, List<NodeEntry> nodeEntries) {
        if (nodeEntries.isEmpty() || nodes.containsKey(master)) {
            return false;
        }
        Map.Entry<StreamId, Node> previous = nodes.lastEntry();
        if (previous != null && (master.compareTo(previous.getKey()) < 0
                || previous.getValue().last.compareTo(master) >= 0)) {
            return false;
        }
        Node node = new Node(master, masterFields);
        StreamId prior = null;
        for (NodeEntry e : nodeEntries) {
            if (e.id().compareTo(master) < 0 || (prior != null && e.id().compareTo(prior) <= 0)) {
                return false;
            }
            prior = e.id();
            if (e.deleted()) {
                node.deleted++;
                node.tombstone(e.id(), e.fieldsAndValues());
            } else {
                node.live++;
                entries.put(e.id(), e.fieldsAndValues());
            }
        }
        if (node.live == 0) {
            return false;
        }
        node.last = prior;
        node.bytes = listpackBytes - intSize(node.live) - intSize(node.deleted);
        nodes.put(master, node);
        return true;
    }

    /** Sets the metadata read from a DUMP payload after its nodes. */
    public void loadMeta(StreamId lastId, StreamId firstId, StreamId maxDeletedId, long entriesAdded) {
        this.lastId = lastId;
        this.firstId = firstId;
        this.maxDeletedId = maxDeletedId;
        this.entriesAdded = entriesAdded;
    }

    // ---- radix tree size ----

    /** Nodes of Redis's radix tree holding the listpacks, keyed by 128-bit big-endian master IDs. */
    public long radixTreeNodes() {
        List<byte[]> keys = new ArrayList<>(nodes.size());
        for (StreamId id : nodes.keySet()) {
            byte[] key = new byte[16];
            for (int i = 0; i < 8; i++) {
                key[i] = (byte) (id.ms() >>> (56 - 8 * i));
                key[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            return 1;
        }
        return subtreeNodes(keys, 0, keys.size(), 0);
    }

    /** Nodes of a compressed trie holding the sorted keys [from, to) below depth {@code depth}. */
    private static long subtreeNodes(List<byte[]> keys, int from, int to, int depth) {
        if (depth == 16) {
            return 1;
        }
        byte[] first = keys.get(from);
        byte[] last = keys.get(to - 1);
        int common = depth;
        while (common < 16 && first[common] == last[common]) {
            common++;
        }
        if (common > depth) {
            return 1 + subtreeNodes(keys, from, to, common);
        }
        long count = 1;
        int start = from;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || keys.get(i)[depth] != keys.get(start)[depth]) {
                count += subtreeNodes(keys, start, i, depth + 1);
                start = i;
            }
        }
        return count;
    }

    // ---- listpack sizes ----

    /** Encoded size of an integer listpack element, with its back-length byte. */
    static int intSize(long v) {
        if (v >= 0 && v <= 127) {
            return 2;
        } else if (v >= -4096 && v <= 4095) {
            return 3;
        } else if (v >= -32768 && v <= 32767) {
            return 4;
        } else if (v >= -8388608 && v <= 8388607) {
            return 5;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 6;
        }
        return 10;
    }

    /** Encoded size of a string listpack element (integers in text form are stored as integers). */
    static long stringSize(byte[] s) {
        Long asInteger = Numbers.parse(s);
        if (asInteger != null) {
            return intSize(asInteger);
        }
        long len = s.length;
        long encoded = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
        int backlen = encoded <= 127 ? 1 : encoded < 16383 ? 2 : encoded < 2097151 ? 3 : encoded < 268435455 ? 4 : 5;
        return encoded + backlen;
    }
}
