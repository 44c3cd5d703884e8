package io.piglix.bench;

import java.util.SplittableRandom;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/** The data set every provider is measured with, and the cache that contains it. */
public final class Workload {

  /** Name of the benchmark cache. */
  public static final String CACHE_NAME = "bench";

  /** Length of every key in characters: "key-" and 12 digits, so 16 ASCII bytes. */
  public static final int KEY_LENGTH = 16;

  /** Length of every value in bytes. */
  public static final int VALUE_SIZE = 100;

  private static final long VALUE_SEED = 42;

  private Workload() {
  }

  /** Returns the key with the given index, a 16-character string. */
  public static String key(int index) {
    String digits = Integer.toString(index);
    StringBuilder key = new StringBuilder(KEY_LENGTH).append("key-");
    for (int i = digits.length(); i < KEY_LENGTH - 4; i++) {
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

  /** Returns {@code count} values of {@link #VALUE_SIZE} random bytes, the same on every run. */
  public static byte[][] values(int count) {
    SplittableRandom random = new SplittableRandom(VALUE_SEED);
    byte[][] values = new byte[count][VALUE_SIZE];
    for (byte[] value : values) {
      for (int i = 0; i < VALUE_SIZE; i += 8) {
        long bits = random.nextLong();
        for (int j = i; j < Math.min(VALUE_SIZE, i + 8); j++) {
          value[j] = (byte) bits;
          bits >>>= 8;
        }
      }
    }
    return values;
  }

  /**
   * Creates the benchmark cache through the standard API: String keys, byte[] values,
   * store-by-value, no expiry and no statistics. Each provider adds what its configuration file
   * sets for the cache name.
   */
  public static Cache<String, byte[]> createCache(CacheManager manager) {
    MutableConfiguration<String, byte[]> configuration =
        new MutableConfiguration<String, byte[]>()
            .setTypes(String.class, byte[].class)
            .setStoreByValue(true)
            .setStatisticsEnabled(false)
            .setManagementEnabled(false);
    return manager.createCache(CACHE_NAME, configuration);
  }

  /**
   * Counts the keys from index 0 to {@code count - 1} whose value is present with the expected
   * length.
   */
  public static int countPresent(Cache<String, byte[]> cache, int count) {
    int present = 0;
    for (int i = 0; i < count; i++) {
      byte[] value = cache.get(key(i));
      if (value != null && value.length == VALUE_SIZE) {
        present++;
      }
    }
    return present;
  }

  /** Closes a cache manager and its provider, ignoring nulls. */
  public static void close(CachingProvider cachingProvider, CacheManager manager) {
    if (manager != null) {
      manager.close();
    }
    if (cachingProvider != null) {
      cachingProvider.close();
    }
  }
}
