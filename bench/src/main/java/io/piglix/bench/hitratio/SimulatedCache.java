package io.piglix.bench.hitratio;

/**
 * A cache under simulation. Each read of a key that misses stores the key, as an application
 * that loads the value and puts it does.
 */
interface SimulatedCache {

  /** Reads a key, storing it on a miss; returns whether the read hit. */
  boolean read(int key);

  /** Returns the number of keys stored, to check the cache keeps to its capacity. */
  long size();
}
