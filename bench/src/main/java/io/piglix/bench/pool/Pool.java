package io.piglix.bench.pool;

import io.piglix.bench.Workload;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Members of one provider's cluster, all in this JVM on 127.0.0.1, and the cache manager of
 * the member that runs the benchmark threads.
 */
public interface Pool extends AutoCloseable {

  /** Number of members that store data in every pool. */
  int STORAGE_MEMBERS = 3;

  /** Number of backup copies of each entry, on members other than its owner. */
  int BACKUPS = 1;

  /** Returns the cache manager of the driver member. */
  CacheManager manager();

  /** Returns the cache of byte[] values with this name, creating it where needed. */
  default Cache<String, byte[]> openCache(String name) {
    return Workload.openCache(manager(), name);
  }

  /** Returns the cache of Long counters, creating it where needed. */
  default Cache<String, Long> openCounters() {
    return Workload.openCounters(manager());
  }

  /** Returns which member drives the benchmark. */
  Driver driver();

  /** Stops every member. */
  @Override
  void close();
}
