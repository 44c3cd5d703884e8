package io.piglix.bench.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the pools the benchmarks run on. By default each benchmark trial starts its pool and
 * stops it at the end. {@link io.piglix.bench.SuiteMain} runs many benchmarks in one JVM and
 * calls {@link #keepOpenUntilCloseAll()}, so that a pool starts once per JVM and every
 * benchmark of that provider and driver reuses it.
 */
public final class Pools {

  /** How long a pool may take to form and settle before the benchmark fails. */
  public static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);

  private static final Logger LOG = LoggerFactory.getLogger(Pools.class);
  private static final Map<String, Pool> OPEN = new LinkedHashMap<>();
  private static final Map<Pool, Set<String>> LOADED = new IdentityHashMap<>();
  private static boolean keepOpen;

  private Pools() {
  }

  /** Keeps pools open after their trial, until {@link #closeAll()}. */
  public static synchronized void keepOpenUntilCloseAll() {
    keepOpen = true;
  }

  /**
   * Returns the pool of a provider with the given driver, starting it unless an open one is
   * kept. Providers: piglix, hazelcast, infinispan.
   */
  public static synchronized Pool acquire(String provider, Driver driver) {
    String key = provider + "/" + driver;
    Pool pool = OPEN.get(key);
    if (pool != null) {
      return pool;
    }
    long started = System.nanoTime();
    pool = start(provider, driver);
    LOG.info("started the {} pool with a {} driver in {} ms", provider,
        driver.name().toLowerCase(Locale.ROOT), (System.nanoTime() - started) / 1_000_000);
    OPEN.put(key, pool);
    return pool;
  }

  /** Stops the pool at the end of a trial, unless pools are kept open. */
  public static synchronized void release(Pool pool) {
    if (keepOpen) {
      return;
    }
    OPEN.values().remove(pool);
    LOADED.remove(pool);
    pool.close();
  }

  /** Returns whether an earlier trial loaded the cache with this name in the pool. */
  public static synchronized boolean isLoaded(Pool pool, String cacheName) {
    return LOADED.getOrDefault(pool, Set.of()).contains(cacheName);
  }

  /** Records that the cache with this name in the pool contains the preloaded keys. */
  public static synchronized void markLoaded(Pool pool, String cacheName) {
    LOADED.computeIfAbsent(pool, key -> new HashSet<>()).add(cacheName);
  }

  /** Stops every open pool. */
  public static synchronized void closeAll() {
    List<Pool> pools = new ArrayList<>(OPEN.values());
    OPEN.clear();
    LOADED.clear();
    for (Pool pool : pools) {
      try {
        pool.close();
      } catch (RuntimeException e) {
        LOG.warn("stopping a pool failed", e);
      }
    }
  }

  private static Pool start(String provider, Driver driver) {
    switch (provider) {
      case "piglix":
        return PiglixPool.start(driver);
      case "hazelcast":
        return HazelcastPool.start(driver);
      case "infinispan":
        return InfinispanPool.start(driver);
      default:
        throw new IllegalArgumentException("unknown pool provider '" + provider
            + "'; expected piglix, hazelcast or infinispan");
    }
  }

  /**
   * Polls {@code condition} every 100 ms until it holds.
   *
   * @throws IllegalStateException when it does not hold within {@link #SETTLE_TIMEOUT}
   */
  static void awaitCondition(String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + SETTLE_TIMEOUT.toSeconds()
            + " s waiting until " + description);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting until " + description, e);
      }
    }
  }
}
