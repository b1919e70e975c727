package dev.redisinside.engine.store;

/** The thresholds that decide which encoding Redis would report for a value (CONFIG parameters). */
public interface EncodingLimits {

    long hashMaxListpackEntries();

    long hashMaxListpackValue();

    long setMaxIntsetEntries();

    long setMaxListpackEntries();

    long zsetMaxListpackEntries();

    long zsetMaxListpackValue();

    long listMaxListpackSize();
}
