package io.piglix.cdi;

import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheResolver;
import javax.cache.configuration.MutableConfiguration;

/**
 * Returns one named cache of the default cache manager, looked up on every call so that a
 * closed manager is replaced by a new one, and created when missing.
 */
final class DefaultCacheResolver implements CacheResolver {

  private final String cacheName;

  DefaultCacheResolver(String cacheName) {
    this.cacheName = cacheName;
  }

  @Override
  public <K, V> Cache<K, V> resolveCache(
      CacheInvocationContext<? extends Annotation> context) {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<K, V> cache = manager.getCache(cacheName);
    if (cache != null) {
      return cache;
    }
    try {
      return manager.createCache(cacheName, new MutableConfiguration<K, V>());
    } catch (CacheException e) {
      // Another thread created it first.
      Cache<K, V> created = manager.getCache(cacheName);
      if (created == null) {
        throw e;
      }
      return created;
    }
  }
}
