package io.piglix.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A version counter per partition. Every change to a record takes the next version of its
 * partition, so versions order all changes of a partition, including a remove followed by a
 * new entry for the same key. Replicas compare versions to apply changes in order.
 */
public final class PartitionVersions {

  private final AtomicLongArray versions;

  /** Creates counters starting at 0 for {@code partitionCount} partitions. */
  public PartitionVersions(int partitionCount) {
    this.versions = new AtomicLongArray(partitionCount);
  }

  /** Returns the next version of a partition. */
  public long next(int partition) {
    return versions.incrementAndGet(partition);
  }

  /** Returns the latest version issued or seen for a partition. */
  public long current(int partition) {
    return versions.get(partition);
  }

  /** Raises a partition's counter to at least {@code version}. */
  public void advanceTo(int partition, long version) {
    long current = versions.get(partition);
    while (current < version && !versions.compareAndSet(partition, current, version)) {
      current = versions.get(partition);
    }
  }

  /** Returns the number of partitions. */
  public int partitionCount() {
    return versions.length();
  }
}
