package io.piglix.bench;

import io.piglix.bench.pool.HazelcastPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;

/** The data set every provider is measured with, and the caches that contain it. */
public final class Workload {

  /** Length of every key in characters: "key-" and 12 digits, so 16 ASCII bytes. */
  public static final int KEY_LENGTH = 16;

  /** Value size of the footprint program and the default of the benchmarks, in bytes. */
  public static final int DEFAULT_VALUE_SIZE = 100;

  /** Number of keys that one getAll or putAll call reads or writes. */
  public static final int BATCH_SIZE = 100;

  /** Name of the cache of Long counters that the invoke benchmarks increment. */
  public static final String COUNTER_CACHE = "counters";

  /** Number of entries that one putAll or getAll call loads or checks during set-up. */
  private static final int LOAD_BATCH = 1000;

  private static final long VALUE_SEED = 42;

  private Workload() {
  }

  /** Returns the name of the cache of byte[] values of the given size. */
  public static String cacheName(int valueSize) {
    return "bench-" + valueSize;
  }

  /** Returns the key with the given index, a 16-character string. */
  public static String key(int index) {
    return padded("key-", index);
  }

  /** Returns a 16-character key that {@link #key} never returns, so reading it misses. */
  public static String missingKey(int index) {
    return padded("miss", index);
  }

  private static String padded(String prefix, int index) {
    String digits = Integer.toString(index);
    StringBuilder key = new StringBuilder(KEY_LENGTH).append(prefix);
    for (int i = digits.length(); i < KEY_LENGTH - prefix.length(); i++) {
      key.append('0');
    }
    return key.append(digits).toString();
  }

  /** Returns {@code count} keys, from index 0 up. */
  public static String[] keys(int count) {
    String[] keys = new String[count];
    for (int i = 0; i < count; i++) {
      keys[i] = key(i);
    }
    return keys;
  }

  /** Returns {@code count} keys that are never loaded, from index 0 up. */
  public static String[] missingKeys(int count) {
    String[] keys = new String[count];
    for (int i = 0; i < count; i++) {
      keys[i] = missingKey(i);
    }
    return keys;
  }

  /** Returns {@code count} values of {@code size} random bytes, the same on every run. */
  public static byte[][] values(int count, int size) {
    SplittableRandom random = new SplittableRandom(VALUE_SEED);
    byte[][] values = new byte[count][size];
    for (byte[] value : values) {
      for (int i = 0; i < size; i += 8) {
        long bits = random.nextLong();
        for (int j = i; j < Math.min(size, i + 8); j++) {
          value[j] = (byte) bits;
          bits >>>= 8;
        }
      }
    }
    return values;
  }

  /**
   * Returns {@code count} sets of {@link #BATCH_SIZE} distinct keys among the first
   * {@code keyCount}, chosen at random with a fixed seed. Insertion-ordered sets, so every
   * provider receives the keys in the same order. Not sorted sets: Infinispan 16.0.7 checks a
   * key set for null with {@code contains(null)}, which a {@code TreeSet} rejects.
   */
  public static List<Set<String>> keySets(int count, int keyCount) {
    SplittableRandom random = new SplittableRandom(VALUE_SEED + 1);
    List<Set<String>> sets = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      Set<String> set = new LinkedHashSet<>();
      while (set.size() < BATCH_SIZE) {
        set.add(key(random.nextInt(keyCount)));
      }
      sets.add(set);
    }
    return sets;
  }

  /** Returns one map per key set, each key mapped to one of {@code values} at random. */
  public static List<Map<String, byte[]>> batches(List<Set<String>> keySets, byte[][] values) {
    SplittableRandom random = new SplittableRandom(VALUE_SEED + 2);
    List<Map<String, byte[]>> batches = new ArrayList<>(keySets.size());
    for (Set<String> keys : keySets) {
      Map<String, byte[]> batch = new HashMap<>();
      for (String key : keys) {
        batch.put(key, values[random.nextInt(values.length)]);
      }
      batches.add(batch);
    }
    return batches;
  }

  /**
   * Returns the cache of byte[] values with the given name, creating it through the standard
   * API when it does not exist: String keys, store-by-value, no expiry and no statistics. Each
   * provider adds what its configuration sets for the cache name.
   */
  public static Cache<String, byte[]> openCache(CacheManager manager, String name) {
    return open(manager, name, byte[].class);
  }

  /** Returns the cache of Long counters, creating it when it does not exist. */
  public static Cache<String, Long> openCounters(CacheManager manager) {
    return open(manager, COUNTER_CACHE, Long.class);
  }

  private static <V> Cache<String, V> open(CacheManager manager, String name,
      Class<V> valueType) {
    Cache<String, V> existing = manager.getCache(name, String.class, valueType);
    if (existing != null) {
      return existing;
    }
    MutableConfiguration<String, V> configuration = new MutableConfiguration<String, V>()
        .setTypes(String.class, valueType)
        .setStoreByValue(true)
        .setStatisticsEnabled(false)
        .setManagementEnabled(false);
    return manager.createCache(name, adapt(manager, configuration));
  }

  /**
   * Adapts the standard configuration where a provider needs more. Hazelcast gives a cache
   * created from a plain {@code MutableConfiguration} a limit of 10,000 entries (Hazelcast
   * 5.7.0), so it gets a {@code CacheConfig} without that limit.
   */
  private static <V> Configuration<String, V> adapt(CacheManager manager,
      MutableConfiguration<String, V> configuration) {
    if (HazelcastPool.isHazelcast(manager)) {
      return HazelcastPool.unboundedCacheConfig(configuration);
    }
    return configuration;
  }

  /**
   * Puts the first {@code count} keys, key i with {@code values[i % values.length]}, in
   * batches of putAll calls, so that loading a pool takes few round trips.
   */
  public static void load(Cache<String, byte[]> cache, int count, byte[][] values) {
    Map<String, byte[]> batch = new HashMap<>();
    for (int i = 0; i < count; i++) {
      batch.put(key(i), values[i % values.length]);
      if (batch.size() == LOAD_BATCH || i == count - 1) {
        cache.putAll(batch);
        batch.clear();
      }
    }
  }

  /** Sets the counters of the first {@code count} keys to 0. */
  public static void loadCounters(Cache<String, Long> counters, int count) {
    Map<String, Long> batch = new HashMap<>();
    for (int i = 0; i < count; i++) {
      batch.put(key(i), 0L);
      if (batch.size() == LOAD_BATCH || i == count - 1) {
        counters.putAll(batch);
        batch.clear();
      }
    }
  }

  /**
   * Counts the keys from index 0 to {@code count - 1} whose value is present with
   * {@code valueSize} bytes, reading them with getAll in batches.
   */
  public static int countPresent(Cache<String, byte[]> cache, int count, int valueSize) {
    return countPresent(cache, count, 1, valueSize);
  }

  /**
   * Counts the keys 0, {@code step}, 2 {@code step} and so on below {@code count} whose value
   * is present with {@code valueSize} bytes, reading them with getAll in batches.
   */
  public static int countPresent(Cache<String, byte[]> cache, int count, int step,
      int valueSize) {
    int present = 0;
    for (int start = 0; start < count; start += LOAD_BATCH * step) {
      Set<String> keys = new LinkedHashSet<>();
      for (int i = start; i < Math.min(count, start + LOAD_BATCH * step); i += step) {
        keys.add(key(i));
      }
      for (byte[] value : cache.getAll(keys).values()) {
        if (value != null && value.length == valueSize) {
          present++;
        }
      }
    }
    return present;
  }

  /**
   * Returns the number of counters among the first {@code count} keys that are present, and
   * their sum, as {@code {present, sum}}.
   */
  public static long[] countersPresentAndSum(Cache<String, Long> counters, int count) {
    long present = 0;
    long sum = 0;
    for (int start = 0; start < count; start += LOAD_BATCH) {
      Set<String> keys = new LinkedHashSet<>();
      for (int i = start; i < Math.min(count, start + LOAD_BATCH); i++) {
        keys.add(key(i));
      }
      for (Long value : counters.getAll(keys).values()) {
        if (value != null) {
          present++;
          sum += value;
        }
      }
    }
    return new long[] {present, sum};
  }
}
