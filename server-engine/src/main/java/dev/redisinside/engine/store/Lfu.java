package dev.redisinside.engine.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's LFU access counter (evict.c), kept in {@link KeyEntry#lru} when the maxmemory policy is an LFU
 * one: the upper bits hold the last decrement time in minutes (16 bits, wrapping), the low 8 bits a
 * logarithmic counter that new keys start at {@link #INIT_VAL}, that grows ever more slowly with each
 * access and that loses one point per {@code lfu-decay-time} minutes without access.
 */
public final class Lfu {

    /** The counter of a new key, so that it survives a few eviction rounds before being used. */
    public static final int INIT_VAL = 5;

    private Lfu() {
    }

    /** The minutes clock that LFU stores (16 bits of the Unix time in minutes). */
    static int minutes(long nowMillis) {
        return (int) ((nowMillis / 1000 / 60) & 65535);
    }

    /** The field value of a key created now. */
    public static int initial(long nowMillis) {
        return (minutes(nowMillis) << 8) | INIT_VAL;
    }

    /** The counter after decay, without updating the field (OBJECT FREQ, eviction sampling). */
    public static int decayedCounter(int field, long nowMillis, int decayTime) {
        int ldt = field >>> 8;
        int counter = field & 255;
        int now = minutes(nowMillis);
        int elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
        int periods = decayTime > 0 ? elapsed / decayTime : 0;
        if (periods > 0) {
            counter = periods > counter ? 0 : counter - periods;
        }
        return counter;
    }

    /** The field value after one access: decay, then a logarithmic increment. */
    public static int access(int field, long nowMillis, int logFactor, int decayTime) {
        int counter = decayedCounter(field, nowMillis, decayTime);
        if (counter < 255) {
            double baseval = Math.max(0, counter - INIT_VAL);
            double p = 1.0 / (baseval * logFactor + 1);
            if (ThreadLocalRandom.current().nextDouble() < p) {
                counter++;
            }
        }
        return (minutes(nowMillis) << 8) | counter;
    }
}
