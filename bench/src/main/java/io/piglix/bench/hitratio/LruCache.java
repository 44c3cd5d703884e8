package io.piglix.bench.hitratio;

import java.util.LinkedHashMap;
import java.util.Map;

/** An exact least-recently-used cache of a fixed number of keys. */
final class LruCache implements SimulatedCache {

  private final Map<Integer, Boolean> keys;

  LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("LRU capacity must be at least 1, not " + capacity);
    }
    keys = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public boolean read(int key) {
    if (keys.get(key) != null) {
      return true;
    }
    keys.put(key, Boolean.TRUE);
    return false;
  }

  @Override
  public long size() {
    return keys.size();
  }
}
