package io.piglix.eviction;

/**
 * How many entries, and how many bytes of them, a cache holds at each heat from 0 to 255.
 * A member builds one per cache from a sample of the entries it owns, scaled to all of them;
 * the capacity manager adds up the members' histograms and finds where to cut.
 *
 * @param entries entries per heat
 * @param bytes record bytes per heat
 */
public record HeatHistogram(long[] entries, long[] bytes) {

  /** Number of heats. */
  public static final int HEATS = 256;

  /** Checks the lengths. */
  public HeatHistogram {
    if (entries.length != HEATS || bytes.length != HEATS) {
      throw new IllegalArgumentException("a heat histogram has " + HEATS + " buckets, not "
          + entries.length + " and " + bytes.length);
    }
  }

  /** Returns an empty histogram. */
  public static HeatHistogram empty() {
    return new HeatHistogram(new long[HEATS], new long[HEATS]);
  }

  /** Counts one entry of the given heat and size. */
  public void add(int heat, long recordBytes) {
    entries[heat]++;
    bytes[heat] += recordBytes;
  }

  /** Adds another histogram's counts to this one. */
  public void addAll(HeatHistogram other) {
    for (int i = 0; i < HEATS; i++) {
      entries[i] += other.entries[i];
      bytes[i] += other.bytes[i];
    }
  }

  /** Returns a copy with every count multiplied by {@code factor}, rounded. */
  public HeatHistogram scaled(double factor) {
    HeatHistogram scaled = empty();
    for (int i = 0; i < HEATS; i++) {
      scaled.entries[i] = Math.round(entries[i] * factor);
      scaled.bytes[i] = Math.round(bytes[i] * factor);
    }
    return scaled;
  }

  /** Returns the number of entries counted. */
  public long totalEntries() {
    long total = 0;
    for (long count : entries) {
      total += count;
    }
    return total;
  }

  /** Returns the bytes counted. */
  public long totalBytes() {
    long total = 0;
    for (long count : bytes) {
      total += count;
    }
    return total;
  }

  /**
   * Returns how much a cut removes: entries or bytes below its heat, plus its fraction of
   * those at its heat.
   */
  public double below(Cut cut, boolean inBytes) {
    long[] counts = inBytes ? bytes : entries;
    double total = 0;
    int heat = Math.min(cut.heat(), HEATS);
    for (int i = 0; i < heat; i++) {
      total += counts[i];
    }
    if (heat < HEATS) {
      total += counts[heat] * cut.fraction();
    }
    return total;
  }

  /**
   * Returns the lowest cut that removes at least {@code amount} entries or bytes, the coldest
   * first; {@link Cut#ALL} when the histogram holds less.
   */
  public Cut cutFor(double amount, boolean inBytes) {
    if (amount <= 0) {
      return Cut.NONE;
    }
    long[] counts = inBytes ? bytes : entries;
    double sum = 0;
    for (int heat = 0; heat < HEATS; heat++) {
      if (counts[heat] > 0 && sum + counts[heat] >= amount) {
        return new Cut(heat, Math.min(1.0, (amount - sum) / counts[heat]));
      }
      sum += counts[heat];
    }
    return Cut.ALL;
  }
}
