package io.piglix.store;

import io.piglix.partition.KeyHash;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per-key store calls that take the key's stripe, as the engine does. */
final class StoreTestSupport {

  static final long NOW = Record.ACCESS_EPOCH_MILLIS + 1_000_000L;

  private StoreTestSupport() {
  }

  static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns a record whose value is {@code length} bytes derived from {@code seed}. */
  static byte[] record(int length, int seed) {
    byte[] value = new byte[length];
    for (int i = 0; i < length; i++) {
      value[i] = (byte) (seed * 31 + i);
    }
    return Record.create(0, seed, Record.ETERNAL, NOW, value);
  }

  static void put(RecordStore store, byte[] key, byte[] record) {
    int hash = KeyHash.of(key);
    store.locks().lock(hash);
    try {
      store.put(key, record);
    } finally {
      store.locks().unlock(hash);
    }
  }

  static byte[] get(RecordStore store, byte[] key) {
    int hash = KeyHash.of(key);
    store.locks().lock(hash);
    try {
      return store.get(key);
    } finally {
      store.locks().unlock(hash);
    }
  }

  static boolean remove(RecordStore store, byte[] key) {
    int hash = KeyHash.of(key);
    store.locks().lock(hash);
    try {
      return store.remove(key);
    } finally {
      store.locks().unlock(hash);
    }
  }

  /**
   * Runs a whole scan and returns how often each key, as a string, was returned, with the
   * record of its last sighting.
   */
  static Map<String, Integer> scanCounts(RecordStore store, Map<String, byte[]> records) {
    Map<String, Integer> counts = new HashMap<>();
    try (RecordStore.Scan scan = store.scan()) {
      while (scan.hasMore()) {
        List<byte[][]> batch = scan.nextBatch();
        for (byte[][] entry : batch) {
          String key = new String(entry[0], StandardCharsets.UTF_8);
          counts.merge(key, 1, Integer::sum);
          if (records != null) {
            records.put(key, entry[1]);
          }
        }
      }
    }
    return counts;
  }
}
