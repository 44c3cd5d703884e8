package io.piglix.eviction;

/**
 * Approximate access counts of a cache's keys on one member: a count-min sketch of 4-bit
 * counters, four per key, in a table of longs sized to the number of entries the member holds
 * for the cache. After ten increments per entry the member holds, every counter is halved, so the counts
 * describe recent use and a key that stops being used fades.
 *
 * <p>Updates are not synchronized: two threads counting at once can lose an increment, which
 * a sketch of approximate counts tolerates, and no update leaves a counter out of range.
 */
public final class FrequencySketch {

  private static final long[] SEEDS = {
      0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L};
  private static final long HALF_MASK = 0x7777_7777_7777_7777L;
  private static final int MIN_WIDTH = 64;
  private static final int MAX_WIDTH = 1 << 24;

  private volatile long[] table = new long[MIN_WIDTH];
  private int sampleSize = 10 * MIN_WIDTH * 2;
  private int additions;

  /**
   * Grows the table for a cache that holds about {@code entries} entries on this member: 32
   * counters per two entries (4 bytes of heap per entry), and a halving after ten increments
   * per entry. A grown table starts empty.
   */
  public void ensureCapacity(long entries) {
    long wanted = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, entries / 2));
    int width = (int) Math.min(MAX_WIDTH, Long.highestOneBit(wanted * 2 - 1));
    if (width > table.length) {
      table = new long[width];
      sampleSize = (int) Math.min(Integer.MAX_VALUE / 2, 10L * Math.max(entries,
          MIN_WIDTH * 2L));
      additions = 0;
    }
  }

  /** Returns the estimated recent access count of a key, 0 to 15. */
  public int frequency(int keyHash) {
    long[] slots = table;
    int frequency = 15;
    for (int i = 0; i < 4; i++) {
      long hash = mix(keyHash, i);
      int index = (int) (hash >>> 40) & (slots.length - 1);
      int shift = ((int) hash & 15) << 2;
      frequency = Math.min(frequency, (int) ((slots[index] >>> shift) & 15));
    }
    return frequency;
  }

  /** Counts one access of a key. */
  public void increment(int keyHash) {
    long[] slots = table;
    boolean added = false;
    for (int i = 0; i < 4; i++) {
      long hash = mix(keyHash, i);
      int index = (int) (hash >>> 40) & (slots.length - 1);
      int shift = ((int) hash & 15) << 2;
      long slot = slots[index];
      if (((slot >>> shift) & 15) < 15) {
        slots[index] = slot + (1L << shift);
        added = true;
      }
    }
    if (added && ++additions >= sampleSize) {
      halve(slots);
    }
  }

  private void halve(long[] slots) {
    for (int i = 0; i < slots.length; i++) {
      slots[i] = (slots[i] >>> 1) & HALF_MASK;
    }
    additions /= 2;
  }

  private static long mix(int keyHash, int function) {
    long hash = (keyHash + 0x7F4A_7C15L * function) * SEEDS[function];
    return hash ^ (hash >>> 29);
  }
}
