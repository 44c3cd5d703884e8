package io.piglix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piglix.configuration.PiglixConfig;
import io.piglix.spi.PiglixCachingProvider;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer's JCacheMetrics on a piglix cache. It finds the statistics through the JSR-107
 * statistics MXBean, whose name it builds from the manager URI with ':' replaced by '.'.
 */
class JCacheMetricsTest {

  private PiglixCachingProvider provider;
  private CacheManager manager;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void start() {
    provider = new PiglixCachingProvider();
    manager = provider.getCacheManager(URI.create("file:/tmp/piglix-micrometer-test.xml"),
        getClass().getClassLoader(), PiglixConfig.defaults());
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
    provider.close();
  }

  @Test
  void metersFollowOperations() {
    Cache<String, String> cache = manager.createCache("sessions",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setStatisticsEnabled(true));
    new JCacheMetrics<String, String, Cache<String, String>>(cache, Tags.of("app", "test"))
        .bindTo(registry);

    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    cache.get("a");
    cache.get("b");
    cache.get("missing");
    cache.remove("c");

    assertThat(count("cache.gets", "hit")).isEqualTo(2);
    assertThat(count("cache.gets", "miss")).isEqualTo(1);
    assertThat(registry.get("cache.puts").tag("cache", "sessions").functionCounter().count())
        .isEqualTo(3);
    assertThat(registry.get("cache.removals").tag("cache", "sessions").functionCounter()
        .count()).isEqualTo(1);
    assertThat(registry.get("cache.evictions").tag("cache", "sessions").functionCounter()
        .count()).isZero();
    assertThat(registry.get("cache.puts").tag("app", "test").functionCounter()).isNotNull();
  }

  private double count(String name, String result) {
    return registry.get(name).tag("cache", "sessions").tag("result", result).functionCounter()
        .count();
  }
}
