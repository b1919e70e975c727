package dev.redisinside.engine.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The server's only source of time: the system clock plus an adjustable offset. Expiry, blocking
 * timeouts and stream IDs all read it, so tests move time with {@link #fastForward} instead of sleeping.
 */
public final class ServerClock {

    private volatile long offsetMillis;

    /** Wall-clock milliseconds as the server sees them. */
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /** Microseconds since the epoch, for TIME and SLOWLOG. */
    public long micros() {
        Instant now = Instant.now();
        return (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L) + offsetMillis * 1_000L;
    }

    /** Moves the server's time forward; keys whose deadline is passed expire as if the time had gone by. */
    public void fastForward(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Cannot fast-forward by a negative duration: " + duration);
        }
        offsetMillis += duration.toMillis();
    }

    /** Sets the server's time to the given instant (it keeps running from there). */
    public void setTime(Instant instant) {
        offsetMillis = instant.toEpochMilli() - System.currentTimeMillis();
    }

    /** Returns to real time. */
    public void reset() {
        offsetMillis = 0;
    }
}
