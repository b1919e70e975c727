package dev.redisinside.sample.catalog;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/** A product as the (slow) catalog returns it; {@code loadedAt} shows whether an answer came from the cache. */
public record Product(String id, String name, BigDecimal price, Instant loadedAt) implements Serializable {
}
