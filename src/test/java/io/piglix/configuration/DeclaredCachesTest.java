package io.piglix.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.spi.PiglixCachingProvider;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Caches declared in a configuration file, created by the cache manager on start. */
class DeclaredCachesTest {

  private static final URI DECLARED = URI.create(
      "classpath:io/piglix/configuration/declared-caches.xml");

  private CachingProvider provider;
  private CacheManager manager;

  @BeforeEach
  void openManager() {
    provider = new PiglixCachingProvider();
    manager = provider.getCacheManager(DECLARED, DeclaredCachesTest.class.getClassLoader());
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void declaredCachesListed() {
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("greetings", "counts");
  }

  @Test
  void declaredCacheReturnedByName() {
    Cache<Object, Object> greetings = manager.getCache("greetings");
    greetings.put("en", "hello");

    assertThat(greetings.get("en")).isEqualTo("hello");
  }

  @Test
  void declaredTypesEnforced() {
    Cache<String, Long> counts = manager.getCache("counts", String.class, Long.class);
    counts.put("visits", 3L);

    assertThat(counts.get("visits")).isEqualTo(3L);
    assertThatThrownBy(() -> manager.getCache("counts", String.class, String.class))
        .isInstanceOf(ClassCastException.class);
  }

  @Test
  void declaredReadThroughLoads() {
    Cache<Object, Object> greetings = manager.getCache("greetings");

    assertThat(greetings.get("fr")).isEqualTo("loaded:fr");
  }

  @Test
  @SuppressWarnings("unchecked")
  void declaredSettingsApplied() {
    CompleteConfiguration<Object, Object> configuration = manager.getCache("greetings")
        .getConfiguration(CompleteConfiguration.class);

    assertThat(configuration.isStatisticsEnabled()).isTrue();
    assertThat(configuration.isReadThrough()).isTrue();
  }

  @Test
  void programmaticCacheWorksAlongside() {
    Cache<String, String> created = manager.createCache("created",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    created.put("a", "b");

    assertThat(created.get("a")).isEqualTo("b");
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("greetings", "counts",
        "created");
    assertThat(manager.getCache("greetings")).isNotNull();
  }

  @Test
  void declaredCacheCannotBeCreatedAgain() {
    assertThatThrownBy(() -> manager.createCache("greetings", new MutableConfiguration<>()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void invalidDeclarationStartsNothing() {
    URI missing = URI.create("classpath:io/piglix/configuration/missing-loader.xml");

    assertThatThrownBy(() -> provider.getCacheManager(missing,
        DeclaredCachesTest.class.getClassLoader()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("com.example.NoSuchLoader");
  }
}
