package io.piglix.management;

/**
 * Receives the statistics an operation produces where it runs. A member applies them to the
 * statistics of the cache its caller used, so each member counts what its own callers did.
 */
public interface StatsRecorder {

  /** A recorder that drops everything, for caches with statistics disabled. */
  StatsRecorder NONE = new StatsRecorder() {
    @Override
    public void hits(long count) {
    }

    @Override
    public void misses(long count) {
    }

    @Override
    public void puts(long count) {
    }

    @Override
    public void removals(long count) {
    }

    @Override
    public void evictions(long count) {
    }
  };

  /** Counts entries found by a read. */
  void hits(long count);

  /** Counts entries a read did not find. */
  void misses(long count);

  /** Counts entries stored by a write. */
  void puts(long count);

  /** Counts entries removed by a remove. */
  void removals(long count);

  /** Counts entries evicted for capacity. */
  void evictions(long count);
}
