package io.piglix.bench.hitratio;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caffeine's bounded cache (W-TinyLFU) of the whole capacity in one heap. Maintenance runs in
 * the calling thread, so evictions happen at the same points in every run.
 */
final class CaffeineCache implements SimulatedCache {

  private final Cache<Integer, Boolean> cache;

  CaffeineCache(int capacity) {
    cache = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
  }

  @Override
  public boolean read(int key) {
    if (cache.getIfPresent(key) != null) {
      return true;
    }
    cache.put(key, Boolean.TRUE);
    return false;
  }

  @Override
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
