package dev.redisinside.engine.store;

/**
 * The server-wide sum of the databases' memory estimates, kept up to date by every write so that the
 * maxmemory check before each command reads one field (Redis reads its allocator's counter likewise).
 */
public final class MemoryTotal {

    long bytes;
    /** Some database has entries waiting to be sized ({@link Database#settle}). */
    boolean pending;

    public long bytes() {
        return bytes;
    }

    public boolean pending() {
        return pending;
    }

    /** Every database was just settled. */
    public void settled() {
        pending = false;
    }
}
