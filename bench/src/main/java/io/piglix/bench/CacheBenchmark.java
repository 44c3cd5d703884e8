package io.piglix.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of single-key operations on one cache of 100,000 preloaded entries, two threads,
 * every provider through the same JCache calls. Each thread picks keys uniformly at random.
 *
 * <p>Each provider runs in its own forked JVMs, with the flags Chronicle Map needs on Java 17
 * (the other providers ignore them) and a fixed 2 GiB heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Fork(value = 2, jvmArgsAppend = {
    "-Xms2g", "-Xmx2g",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dorg.jboss.logging.provider=slf4j",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class CacheBenchmark {

  /** Number of preloaded keys. */
  public static final int KEY_COUNT = 100_000;

  /** Number of distinct values that puts write, so a put does not always write the same array. */
  private static final int PUT_VALUE_COUNT = 1024;

  @Param({"piglix", "caffeine", "ehcache", "infinispan"})
  public String provider;

  private CachingProvider cachingProvider;
  private CacheManager manager;
  private Cache<String, byte[]> cache;
  private String[] keys;
  private byte[][] putValues;

  /** Creates the cache, loads every key and checks that all of them are present. */
  @Setup(Level.Trial)
  public void setUp() {
    Provider selected = Provider.byName(provider);
    cachingProvider = selected.cachingProvider();
    manager = selected.openCacheManager(cachingProvider);
    cache = Workload.createCache(manager);
    keys = Workload.keys(KEY_COUNT);
    byte[][] values = Workload.values(KEY_COUNT);
    for (int i = 0; i < KEY_COUNT; i++) {
      cache.put(keys[i], values[i]);
    }
    putValues = Workload.values(PUT_VALUE_COUNT);
    requireAllPresent("after loading");
  }

  /** Checks that no entry was lost during the run, then closes the cache manager. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      requireAllPresent("after the run");
    } finally {
      Workload.close(cachingProvider, manager);
    }
  }

  /** Reads a preloaded key: always a hit. */
  @Benchmark
  public byte[] get() {
    return cache.get(keys[ThreadLocalRandom.current().nextInt(KEY_COUNT)]);
  }

  /** Overwrites a preloaded key. */
  @Benchmark
  public void put() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    cache.put(keys[random.nextInt(KEY_COUNT)], putValues[random.nextInt(PUT_VALUE_COUNT)]);
  }

  /** Reads a preloaded key 9 times out of 10 and overwrites one otherwise. */
  @Benchmark
  public byte[] getPut90x10() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = keys[random.nextInt(KEY_COUNT)];
    if (random.nextInt(10) == 0) {
      cache.put(key, putValues[random.nextInt(PUT_VALUE_COUNT)]);
      return null;
    }
    return cache.get(key);
  }

  private void requireAllPresent(String when) {
    int present = Workload.countPresent(cache, KEY_COUNT);
    if (present != KEY_COUNT) {
      throw new IllegalStateException(provider + " contains " + present + " of " + KEY_COUNT
          + " keys " + when + "; the cache evicted or lost entries, so the results are invalid");
    }
  }
}
