package io.piglix.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * A JCache provider under test: its {@link CachingProvider} class and its configuration file in
 * this project's resources.
 */
public enum Provider {

  /** piglix, entries off-heap in Chronicle Map. */
  PIGLIX("io.piglix.spi.PiglixCachingProvider", "piglix.xml"),

  /** Caffeine's JCache adapter, entries on the Java heap. */
  CAFFEINE("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", "caffeine.conf"),

  /** Ehcache 3 with a single off-heap tier. */
  EHCACHE("org.ehcache.jsr107.EhcacheCachingProvider", "ehcache.xml"),

  /** Infinispan embedded, a local cache with no transport. */
  INFINISPAN("org.infinispan.jcache.embedded.JCachingProvider", "infinispan.xml");

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

  /** Looks up the caching provider by its class name. */
  public CachingProvider cachingProvider() {
    return Caching.getCachingProvider(providerClassName, classLoader());
  }

  /** Opens a cache manager on this provider's configuration file. */
  public CacheManager openCacheManager(CachingProvider cachingProvider) {
    return cachingProvider.getCacheManager(configUri(), classLoader());
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
}
