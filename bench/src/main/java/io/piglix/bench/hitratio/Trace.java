package io.piglix.bench.hitratio;

import java.util.SplittableRandom;

/**
 * A sequence of key reads, as key indexes, generated from a fixed seed so every policy replays
 * the same reads.
 *
 * @param name the trace's name in the tables
 * @param description what the trace contains, for the report
 * @param keys the key index of each read
 * @param keySpace one more than the largest key index
 */
record Trace(String name, String description, int[] keys, int keySpace) {

  /** Reads drawn from a Zipf distribution of exponent {@code skew} over {@code keySpace} keys. */
  static Trace zipf(String name, int keySpace, double skew, int length, long seed) {
    Zipf zipf = new Zipf(keySpace, skew, seed);
    int[] keys = new int[length];
    for (int i = 0; i < length; i++) {
      keys[i] = zipf.next();
    }
    return new Trace(name, String.format(java.util.Locale.ROOT,
        "Zipf %.2f over %,d keys", skew, keySpace), keys, keySpace);
  }

  /**
   * Zipf reads interrupted by scans: after every {@code zipfRun} Zipf reads, {@code scanLength}
   * reads of keys that are read only this once, above the Zipf key space.
   */
  static Trace zipfWithScans(String name, int keySpace, double skew, int length, int zipfRun,
      int scanLength, long seed) {
    Zipf zipf = new Zipf(keySpace, skew, seed);
    int[] keys = new int[length];
    int nextScanKey = keySpace;
    int i = 0;
    while (i < length) {
      for (int j = 0; j < zipfRun && i < length; j++) {
        keys[i++] = zipf.next();
      }
      for (int j = 0; j < scanLength && i < length; j++) {
        keys[i++] = nextScanKey++;
      }
    }
    return new Trace(name, String.format(java.util.Locale.ROOT,
        "Zipf %.2f over %,d keys; after every %,d reads a scan of %,d keys read once",
        skew, keySpace, zipfRun, scanLength), keys, nextScanKey);
  }

  /** Reads of keys 0 to {@code loopLength - 1} in order, over and over. */
  static Trace loop(String name, int loopLength, int length) {
    int[] keys = new int[length];
    for (int i = 0; i < length; i++) {
      keys[i] = i % loopLength;
    }
    return new Trace(name, String.format(java.util.Locale.ROOT,
        "keys 0 to %,d read in order, repeatedly", loopLength - 1), keys, loopLength);
  }

  /**
   * Draws ranks 0 to n - 1 with probability proportional to 1 / (rank + 1)^skew, by binary
   * search in the cumulative distribution, and maps each rank to a key index through a fixed
   * random permutation, so the popular keys are spread over the key space.
   */
  private static final class Zipf {

    private final double[] cumulative;
    private final int[] keyOfRank;
    private final SplittableRandom random;

    Zipf(int n, double skew, long seed) {
      cumulative = new double[n];
      double sum = 0;
      for (int rank = 0; rank < n; rank++) {
        sum += 1 / Math.pow(rank + 1, skew);
        cumulative[rank] = sum;
      }
      for (int rank = 0; rank < n; rank++) {
        cumulative[rank] /= sum;
      }
      random = new SplittableRandom(seed);
      keyOfRank = new int[n];
      for (int i = 0; i < n; i++) {
        keyOfRank[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = keyOfRank[i];
        keyOfRank[i] = keyOfRank[j];
        keyOfRank[j] = swap;
      }
    }

    int next() {
      double u = random.nextDouble();
      int low = 0;
      int high = cumulative.length - 1;
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (cumulative[middle] < u) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return keyOfRank[low];
    }
  }
}
