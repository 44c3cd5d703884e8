package io.piglix.store;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of reentrant locks chosen by key hash. Every access to a key's stored record
 * happens under the key's stripe, which makes each operation atomic per key.
 *
 * <p>Stripes never span partitions: each partition has its own group of stripes, chosen by
 * the same hash that chooses the partition. A member holds a key's stripe while it waits for
 * backups on other members, and those members lock the same key to apply the change; if one
 * stripe covered a partition one member owns and another it backs up, two owners replicating
 * to each other could each wait for the stripe the other holds.
 *
 * <p>Multi-key operations lock their stripes in ascending index order, and so does
 * {@link #lockAll()}, so two lockers never wait for each other in a cycle.
 */
public final class StripedLocks {

  private final ReentrantLock[] locks;
  private final int partitions;
  private final int perPartition;

  /** Creates {@code stripes} locks for keys of one partition; a power of two. */
  public StripedLocks(int stripes) {
    this(1, stripes);
  }

  /**
   * Creates {@code perPartition} locks for each of {@code partitions} partitions.
   *
   * @param partitions the partition count, as in {@link io.piglix.partition.KeyHash#partition}
   * @param perPartition stripes per partition, a power of two
   */
  public StripedLocks(int partitions, int perPartition) {
    if (Integer.bitCount(perPartition) != 1) {
      throw new IllegalArgumentException("stripes per partition must be a power of two: "
          + perPartition);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partition count must be positive: " + partitions);
    }
    this.partitions = partitions;
    this.perPartition = perPartition;
    locks = new ReentrantLock[partitions * perPartition];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Returns the stripe index of a key hash. */
  public int stripe(int hash) {
    int mixed = hash ^ (hash >>> 16);
    if (partitions == 1) {
      return mixed & (perPartition - 1);
    }
    int partition = (hash & Integer.MAX_VALUE) % partitions;
    return partition * perPartition + ((mixed >>> 8) & (perPartition - 1));
  }

  /** Locks the stripe of a key hash. */
  public void lock(int hash) {
    locks[stripe(hash)].lock();
  }

  /** Locks the stripe of a key hash if no other thread holds it; returns whether it did. */
  public boolean tryLock(int hash) {
    return locks[stripe(hash)].tryLock();
  }

  /** Unlocks the stripe of a key hash. */
  public void unlock(int hash) {
    locks[stripe(hash)].unlock();
  }

  /** Returns whether the current thread holds the stripe of a key hash. */
  public boolean isHeldByCurrentThread(int hash) {
    return locks[stripe(hash)].isHeldByCurrentThread();
  }

  /**
   * Locks the stripes of several key hashes in ascending stripe order and returns the sorted,
   * distinct stripe indexes to pass to {@link #unlockStripes}.
   */
  public int[] lockHashes(int[] hashes) {
    int[] stripes = new int[hashes.length];
    for (int i = 0; i < hashes.length; i++) {
      stripes[i] = stripe(hashes[i]);
    }
    stripes = Arrays.stream(stripes).sorted().distinct().toArray();
    int locked = 0;
    try {
      for (int index : stripes) {
        locks[index].lock();
        locked++;
      }
    } catch (RuntimeException | Error e) {
      for (int i = locked - 1; i >= 0; i--) {
        locks[stripes[i]].unlock();
      }
      throw e;
    }
    return stripes;
  }

  /** Unlocks stripes returned by {@link #lockHashes}. */
  public void unlockStripes(int[] stripes) {
    for (int i = stripes.length - 1; i >= 0; i--) {
      locks[stripes[i]].unlock();
    }
  }

  /** Locks every stripe in ascending order. */
  public void lockAll() {
    for (ReentrantLock lock : locks) {
      lock.lock();
    }
  }

  /** Unlocks every stripe. */
  public void unlockAll() {
    for (int i = locks.length - 1; i >= 0; i--) {
      locks[i].unlock();
    }
  }
}
