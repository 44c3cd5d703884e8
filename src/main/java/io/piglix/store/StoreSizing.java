package io.piglix.store;

/**
 * Initial sizing of a record store. Stores grow on demand, so these values only avoid early
 * growth steps.
 *
 * @param initialEntries entries the first map is sized for
 * @param averageKeySize expected serialized key size in bytes
 * @param averageValueSize expected serialized value size in bytes
 */
public record StoreSizing(long initialEntries, int averageKeySize, int averageValueSize) {

  /** Sizing for a new cache whose entries are not known yet. */
  public static final StoreSizing DEFAULT = new StoreSizing(1024, 24, 128);

  /** Validates the sizing. */
  public StoreSizing {
    if (initialEntries < 16) {
      throw new IllegalArgumentException("initial entries must be at least 16: "
          + initialEntries);
    }
    if (averageKeySize < 1 || averageValueSize < 1) {
      throw new IllegalArgumentException("average sizes must be positive: key "
          + averageKeySize + ", value " + averageValueSize);
    }
  }
}
