package io.piglix.eviction;

import io.piglix.store.Record;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ranking of a cache's entries for eviction. Each policy maps an entry to a heat from 0 to
 * 255, read from the record header and, for {@link #FREQUENCY}, the member's frequency
 * sketch; the capacity manager evicts the entries of lowest heat across the pool. Heats of
 * different policies share the scale, so caches of different policies compete on it too.
 */
public enum EvictionPolicy {

  /**
   * Least recently used: the heat falls with the time since the last access, on a
   * logarithmic scale with eight steps per doubling of the age, from 255 for an entry read
   * within the last tick.
   */
  LRU,

  /**
   * Least frequently used: the heat is the entry's logarithmic access counter, which the
   * entry's idle minutes count down, so entries that were hot once do not stay forever.
   */
  LFU,

  /**
   * Frequency with history, the default: the high four bits of the heat are the key's
   * access frequency from the member's frequency sketch, which remembers keys after they
   * were evicted and halves all counts periodically; the low four bits rank by the hits the
   * entry had while stored. A one-time scan has a frequency of one and leaves first, a key
   * used often in the past comes back with its history, and among keys of equal frequency
   * the ones that proved themselves while stored stay.
   *
   * <p>An entry without hits ranks one access lower, because the sketch already counted the
   * read that missed and brought it in. Otherwise a key just loaded outranks a stored key of
   * the same rate that was not read again yet, and a loop over more keys than fit evicts each
   * key just before its next read.
   *
   * <p>An entry without hits written within the last {@link #FRESH_TICKS} ticks ranks two
   * accesses lower, below an older entry without hits of one access less: a newcomer must
   * out-count the entries already stored to displace them, as in TinyLFU's admission. In a
   * loop, the newcomer's count includes the read of this pass, where an older entry of the
   * same rate still waits for its next read. Without this rule, the loop evicts the entries
   * loaded one pass earlier just before their next read, and keeps the newest.
   *
   * <p>The low four bits are 0 for a fresh entry without hits, 1 for an older entry without
   * hits, and 1 + hits, at most 15, for an entry with hits.
   */
  FREQUENCY;

  /**
   * Age in ticks (4 s) below which an entry without hits counts as fresh for
   * {@link #FREQUENCY}.
   *
   * <p>NOTE: chosen on the hit-ratio simulator, where the pool reads 2,000 keys a second and
   * a planning round is 500 ms. There 1, 2, 4, 8 and 16 s raised the loop trace by 6.7, 8.7,
   * 9.4, 8.6 and 5.6 points, and 4 s moved the Zipf traces by less than 0.2 points. Whether
   * the best window changes with the read rate was not measured.
   */
  static final int FRESH_TICKS = (int) (4_000 / Record.TICK_MILLIS);

  /** Ticks of idle time that take one step off an {@link #LFU} counter: one minute. */
  static final int LFU_DECAY_TICKS = (int) (60_000 / Record.TICK_MILLIS);

  /** How fast the logarithmic counter slows down: the probability of a step is 1/(n×10+1). */
  private static final int LOG_FACTOR = 10;

  /** Returns the policy named by a configuration value such as {@code lru}. */
  public static EvictionPolicy of(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Returns the heat of a record.
   *
   * @param header the record header
   * @param keyHash the key's hash, for the sketch
   * @param nowTick the current tick, see {@link Record#ticks(long)}
   * @param sketch the member's frequency sketch of the cache, or null
   */
  public int heat(byte[] header, int keyHash, int nowTick, FrequencySketch sketch) {
    switch (this) {
      case LRU:
        return 255 - ageStep(Record.ageTicks(Record.accessTick(header), nowTick));
      case LFU: {
        long idle = Record.ageTicks(Record.accessTick(header), nowTick) / LFU_DECAY_TICKS;
        return (int) Math.max(0, Record.frequency(header) - idle);
      }
      default: {
        int hits = Math.min(15, Math.max(0, Record.frequency(header) - 1));
        if (sketch == null) {
          return hits;
        }
        if (hits > 0) {
          return (sketch.frequency(keyHash) << 4) | Math.min(15, hits + 1);
        }
        boolean fresh = Record.ageTicks(Record.accessTick(header), nowTick) < FRESH_TICKS;
        int frequency = Math.max(0, sketch.frequency(keyHash) - (fresh ? 2 : 1));
        return (frequency << 4) | (fresh ? 0 : 1);
      }
    }
  }

  /** Returns whether an access should refresh the record's access tick. */
  boolean tracksRecency() {
    return this != FREQUENCY;
  }

  /**
   * Returns an age's step on a logarithmic scale: ages below 16 ticks are their own step,
   * then each doubling of the age takes eight steps. Ages up to 2^31 ticks give steps up to
   * 232.
   */
  static int ageStep(long age) {
    if (age < 16) {
      return (int) age;
    }
    int octave = 63 - Long.numberOfLeadingZeros(age);
    int fraction = (int) (age >>> (octave - 3)) & 7;
    return Math.min(255, 16 + (octave - 4) * 8 + fraction);
  }

  /**
   * Returns a logarithmic counter after one more access: it always steps from 1 to 2, and from
   * n to n + 1 with probability 1/((n - 1) × 10 + 1), so about a million accesses reach 255.
   */
  static int countAccess(int counter) {
    if (counter >= 255) {
      return 255;
    }
    int base = Math.max(0, counter - 1);
    if (base == 0) {
      return counter + 1;
    }
    double probability = 1.0 / (base * LOG_FACTOR + 1);
    return ThreadLocalRandom.current().nextDouble() < probability ? counter + 1 : counter;
  }
}
