package io.piglix.eviction;

import io.piglix.store.Record;

/**
 * Records accesses to a cache's entries on the member that owns them, for its eviction
 * policy: counts every access of a key in the frequency sketch and returns the record to
 * write back when a read changed its access fields. A write-back costs about as much as a put, so it
 * happens only when a field changes: the access tick at most once per tick and key, the
 * logarithmic counter on its rare steps.
 */
public final class AccessTracker {

  /** Tracks nothing; for caches of client members. */
  public static final AccessTracker NONE = new AccessTracker(EvictionPolicy.LRU, false);

  private final EvictionPolicy policy;
  private final FrequencySketch sketch;
  private final boolean active;

  /** Creates a tracker for a cache with the given policy. */
  public AccessTracker(EvictionPolicy policy) {
    this(policy, true);
  }

  private AccessTracker(EvictionPolicy policy, boolean active) {
    this.policy = policy;
    this.active = active;
    this.sketch = policy == EvictionPolicy.FREQUENCY ? new FrequencySketch() : null;
  }

  /** Returns the cache's eviction policy. */
  public EvictionPolicy policy() {
    return policy;
  }

  /** Returns the frequency sketch, or null when the policy uses none. */
  public FrequencySketch sketch() {
    return sketch;
  }

  /** Sizes the sketch for about {@code entries} entries. */
  public void ensureCapacity(long entries) {
    if (sketch != null) {
      sketch.ensureCapacity(entries);
    }
  }

  /** Counts an access of a key, whether or not it is stored. */
  public void count(int keyHash) {
    if (sketch != null && active) {
      sketch.increment(keyHash);
    }
  }

  /**
   * Records a read of a stored record. Returns a copy with updated access fields to write
   * back, or null when nothing changed.
   */
  public byte[] touch(byte[] record, long nowMillis) {
    if (!active) {
      return null;
    }
    int counter = Record.frequency(record);
    int counted = policy == EvictionPolicy.LRU ? counter : EvictionPolicy.countAccess(counter);
    int tick = Record.ticks(nowMillis);
    boolean refresh = policy.tracksRecency() && tick != Record.accessTick(record);
    if (counted == counter && !refresh) {
      return null;
    }
    byte[] touched = record.clone();
    Record.setFrequency(touched, counted);
    if (refresh) {
      Record.setAccessTick(touched, tick);
    }
    return touched;
  }

  /** Returns the heat of a record, see {@link EvictionPolicy#heat}. */
  public int heat(byte[] header, int keyHash, int nowTick) {
    return policy.heat(header, keyHash, nowTick, sketch);
  }
}
