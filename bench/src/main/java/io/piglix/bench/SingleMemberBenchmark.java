package io.piglix.bench;

import javax.cache.Cache;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The workloads of {@link WorkloadBenchmark} on one member of each provider, every provider
 * through the same JCache calls and its configuration file in this project's resources.
 */
public class SingleMemberBenchmark extends WorkloadBenchmark {

  /** The provider under test. */
  @Param({"piglix", "caffeine", "ehcache", "infinispan"})
  public String provider;

  private Provider.Session session;

  /** Opens the provider, creates and loads the cache and checks that every key is present. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    session = Provider.byName(provider).open();
    prepare(params);
  }

  /** Checks that no entry was lost during the run, then closes the provider. */
  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      verify();
    } finally {
      session.close();
    }
  }

  @Override
  protected String providerName() {
    return provider;
  }

  @Override
  protected Cache<String, byte[]> openCache(String name) {
    return Workload.openCache(session.manager(), name);
  }

  @Override
  protected Cache<String, Long> openCounters() {
    return Workload.openCounters(session.manager());
  }
}
