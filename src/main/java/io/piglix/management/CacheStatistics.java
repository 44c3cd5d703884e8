package io.piglix.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The JSR-107 statistics of one cache as seen by this member's callers. Counters change before
 * the operation that caused them returns, so a read right after an operation is exact.
 * Average times are in microseconds.
 */
public final class CacheStatistics implements CacheStatisticsMXBean, StatsRecorder {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getTimeNanos = new LongAdder();
  private final LongAdder putTimeNanos = new LongAdder();
  private final LongAdder removeTimeNanos = new LongAdder();

  @Override
  public void hits(long count) {
    hits.add(count);
  }

  @Override
  public void misses(long count) {
    misses.add(count);
  }

  @Override
  public void puts(long count) {
    puts.add(count);
  }

  @Override
  public void removals(long count) {
    removals.add(count);
  }

  @Override
  public void evictions(long count) {
    evictions.add(count);
  }

  /** Adds the duration of a read, in nanoseconds. */
  public void addGetTime(long nanos) {
    getTimeNanos.add(nanos);
  }

  /** Adds the duration of a write, in nanoseconds. */
  public void addPutTime(long nanos) {
    putTimeNanos.add(nanos);
  }

  /** Adds the duration of a removal, in nanoseconds. */
  public void addRemoveTime(long nanos) {
    removeTimeNanos.add(nanos);
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getTimeNanos.reset();
    putTimeNanos.reset();
    removeTimeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheHits() * 100f / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheMisses() * 100f / gets;
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getTimeNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putTimeNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeTimeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long totalNanos, long count) {
    return count == 0 ? 0f : totalNanos / 1000f / count;
  }
}
