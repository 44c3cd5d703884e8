package io.piglix.store;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of reentrant locks chosen by key hash. Every access to a key's stored record
 * happens under the key's stripe, which makes each operation atomic per key.
 *
 * <p>Multi-key operations lock their stripes in ascending index order, and so does
 * {@link #lockAll()}, so two lockers never wait for each other in a cycle.
 */
public final class StripedLocks {

  private final ReentrantLock[] locks;
  private final int mask;

  /** Creates {@code stripes} locks; {@code stripes} must be a power of two. */
  public StripedLocks(int stripes) {
    if (Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripe count must be a power of two: " + stripes);
    }
    locks = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      locks[i] = new ReentrantLock();
    }
    mask = stripes - 1;
  }

  /** Returns the stripe index of a key hash. */
  public int stripe(int hash) {
    return (hash ^ (hash >>> 16)) & mask;
  }

  /** Locks the stripe of a key hash. */
  public void lock(int hash) {
    locks[stripe(hash)].lock();
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
