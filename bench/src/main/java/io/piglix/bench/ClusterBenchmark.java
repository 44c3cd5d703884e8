package io.piglix.bench;

import io.piglix.bench.pool.Driver;
import io.piglix.bench.pool.Pool;
import io.piglix.bench.pool.Pools;
import javax.cache.Cache;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The workloads of {@link WorkloadBenchmark} on a pool of three members with one backup of
 * each entry, all in this JVM on 127.0.0.1, driven from one storage member or from a fourth
 * member that stores no data (see {@link Driver}).
 */
public class ClusterBenchmark extends WorkloadBenchmark {

  /** The provider under test. */
  @Param({"piglix", "hazelcast", "infinispan"})
  public String provider;

  /** The member that runs the benchmark threads: storage or client. */
  @Param({"storage", "client"})
  public String driver;

  private Pool pool;

  /** Starts or reuses the pool, creates and loads the cache and checks every key. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    pool = Pools.acquire(provider, Driver.byName(driver));
    prepare(params);
  }

  /** Checks that no entry was lost during the run, then releases the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      verify();
    } finally {
      Pools.release(pool);
    }
  }

  @Override
  protected String providerName() {
    return provider + " (" + driver + " driver)";
  }

  @Override
  protected Cache<String, byte[]> openCache(String name) {
    return pool.openCache(name);
  }

  @Override
  protected Cache<String, Long> openCounters() {
    return pool.openCounters();
  }

  @Override
  protected int verifyStep() {
    return 50;
  }

  @Override
  protected boolean loaded(String cacheName) {
    return Pools.isLoaded(pool, cacheName);
  }

  @Override
  protected void markLoaded(String cacheName) {
    Pools.markLoaded(pool, cacheName);
  }
}
