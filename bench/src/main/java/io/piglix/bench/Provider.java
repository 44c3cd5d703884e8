package io.piglix.bench;

import io.piglix.bench.pool.HazelcastPool;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * A JCache provider measured on one member: its {@link CachingProvider} class and its
 * configuration file in this project's resources, or for Hazelcast a member started in code.
 */
public enum Provider {

  /** piglix, entries off-heap in Chronicle Map. */
  PIGLIX("io.piglix.spi.PiglixCachingProvider", "piglix.xml"),

  /** Caffeine's JCache adapter, entries on the Java heap. */
  CAFFEINE("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", "caffeine.conf"),

  /** Ehcache 3 with a single off-heap tier. */
  EHCACHE("org.ehcache.jsr107.EhcacheCachingProvider", "ehcache.xml"),

  /** Infinispan embedded, a local cache with no transport. */
  INFINISPAN("org.infinispan.jcache.embedded.JCachingProvider", "infinispan.xml"),

  /**
   * A Hazelcast member that forms a cluster of its own on 127.0.0.1, configured in code by
   * {@link HazelcastPool#memberConfig}; entries on the Java heap, serialized.
   */
  HAZELCAST("com.hazelcast.cache.HazelcastMemberCachingProvider", null);

  private final String providerClassName;
  private final String configResource;

  Provider(String providerClassName, String configResource) {
    this.providerClassName = providerClassName;
    this.configResource = configResource;
  }

  /** Returns the provider named in lower case, as in the benchmark parameter. */
  public static Provider byName(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown provider '" + name + "'; expected one of "
          + names(), e);
    }
  }

  /** Returns the names of all providers in lower case, separated by commas. */
  public static String names() {
    StringBuilder names = new StringBuilder();
    for (Provider provider : values()) {
      if (names.length() > 0) {
        names.append(',');
      }
      names.append(provider.lowerCaseName());
    }
    return names.toString();
  }

  /** Returns the name used in benchmark parameters and results. */
  public String lowerCaseName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Starts the provider and opens a cache manager on its configuration. */
  public Session open() {
    if (this == HAZELCAST) {
      HazelcastPool member = HazelcastPool.startStandalone();
      return new Session(null, member.manager(), member);
    }
    CachingProvider cachingProvider = Caching.getCachingProvider(providerClassName,
        classLoader());
    try {
      return new Session(cachingProvider,
          cachingProvider.getCacheManager(configUri(), classLoader()), null);
    } catch (RuntimeException e) {
      cachingProvider.close();
      throw e;
    }
  }

  /**
   * Returns the URI of the configuration file in the form the provider reads. piglix and
   * Caffeine take {@code classpath:NAME}. Ehcache needs a URI that converts to a URL, so it
   * gets the resource's own URI. Infinispan 16.0.7 fails on a {@code jar:} URI and silently
   * ignores a configuration it cannot find, so it gets the bare resource name, checked here.
   */
  URI configUri() {
    URL resource = classLoader().getResource(configResource);
    if (resource == null) {
      throw new IllegalStateException("configuration " + configResource + " of provider "
          + lowerCaseName() + " is missing from the classpath");
    }
    switch (this) {
      case PIGLIX:
      case CAFFEINE:
        return URI.create("classpath:" + configResource);
      case INFINISPAN:
        return URI.create(configResource);
      default:
        try {
          return resource.toURI();
        } catch (URISyntaxException e) {
          throw new IllegalStateException("invalid URI of configuration " + resource, e);
        }
    }
  }

  private static ClassLoader classLoader() {
    return Provider.class.getClassLoader();
  }

  /** An open provider: its cache manager and what to close when done. */
  public static final class Session implements AutoCloseable {

    private final CachingProvider cachingProvider;
    private final CacheManager manager;
    private final AutoCloseable member;

    private Session(CachingProvider cachingProvider, CacheManager manager,
        AutoCloseable member) {
      this.cachingProvider = cachingProvider;
      this.manager = manager;
      this.member = member;
    }

    /** Returns the cache manager. */
    public CacheManager manager() {
      return manager;
    }

    /** Closes the cache manager, the provider and any member started for it. */
    @Override
    public void close() {
      try {
        manager.close();
        if (cachingProvider != null) {
          cachingProvider.close();
        }
      } finally {
        if (member != null) {
          try {
            member.close();
          } catch (Exception e) {
            throw new IllegalStateException("stopping the member failed: " + e, e);
          }
        }
      }
    }
  }
}
