package io.piglix.configuration;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The {@code <bounds>} of a cache: capacity limits for the capacity manager.
 *
 * @param maxEntries most entries the cache may hold, or empty for no limit
 * @param maxBytes most serialized key and value bytes the cache may hold, or empty
 * @param weight relative share of the pool's memory when caches compete, 1 to 1000
 * @param eviction which entries make room when a limit is reached
 */
public record BoundsDefinition(OptionalLong maxEntries, OptionalLong maxBytes, int weight,
    Eviction eviction) {

  /** The bounds of a cache that declares none: no limit, weight 1, frequency eviction. */
  public static final BoundsDefinition UNBOUNDED = new BoundsDefinition(OptionalLong.empty(),
      OptionalLong.empty(), 1, Eviction.FREQUENCY);

  /** Eviction policies, named as in the {@code eviction} attribute. */
  public enum Eviction {
    /** Evicts the least recently used entry. */
    LRU,
    /** Evicts the least frequently used entry. */
    LFU,
    /**
     * Evicts the entry read least often according to a frequency sketch that remembers keys
     * after their eviction, so entries written once by a scan leave first.
     */
    FREQUENCY;

    /** Returns the policy of an attribute value such as {@code lru}. */
    static Eviction ofAttribute(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** Validates the limits. */
  public BoundsDefinition {
    Objects.requireNonNull(maxEntries, "maxEntries");
    Objects.requireNonNull(maxBytes, "maxBytes");
    Objects.requireNonNull(eviction, "eviction");
    if (maxEntries.isPresent() && maxEntries.getAsLong() < 1) {
      throw new IllegalArgumentException("max entries must be at least 1: "
          + maxEntries.getAsLong());
    }
    if (maxBytes.isPresent() && maxBytes.getAsLong() < 1024) {
      throw new IllegalArgumentException("max bytes must be at least 1k (1024): "
          + maxBytes.getAsLong());
    }
    if (weight < 1 || weight > 1000) {
      throw new IllegalArgumentException("weight must be 1 to 1000: " + weight);
    }
  }
}
