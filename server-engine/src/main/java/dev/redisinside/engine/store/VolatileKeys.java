package dev.redisinside.engine.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys that have a time to live, as a dense array with O(1) add, remove and random pick; the
 * counterpart of Redis's {@code expires} dict, sampled by active expiry.
 */
final class VolatileKeys {

    private KeyEntry[] entries = new KeyEntry[16];
    private int size;

    int size() {
        return size;
    }

    void add(KeyEntry entry) {
        if (entry.volatileIndex >= 0) {
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entry.volatileIndex = size;
        entries[size++] = entry;
    }

    void remove(KeyEntry entry) {
        int index = entry.volatileIndex;
        if (index < 0) {
            return;
        }
        KeyEntry last = entries[--size];
        entries[index] = last;
        last.volatileIndex = index;
        entries[size] = null;
        entry.volatileIndex = -1;
        if (entries.length > 64 && size < entries.length / 4) {
            entries = Arrays.copyOf(entries, entries.length / 2);
        }
    }

    void forEach(java.util.function.Consumer<KeyEntry> visitor) {
        for (int i = 0; i < size; i++) {
            visitor.accept(entries[i]);
        }
    }

    KeyEntry random() {
        return size == 0 ? null : entries[ThreadLocalRandom.current().nextInt(size)];
    }

    void clear() {
        entries = new KeyEntry[16];
        size = 0;
    }
}
