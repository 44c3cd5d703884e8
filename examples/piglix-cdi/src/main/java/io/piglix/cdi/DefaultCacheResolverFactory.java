package io.piglix.cdi;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * Resolves caches by name in the default cache manager of the default caching provider,
 * {@code Caching.getCachingProvider().getCacheManager()}. For piglix that manager reads the
 * file named by the system property {@code piglix.config}, else {@code piglix.xml} on the
 * classpath. A cache the manager does not have is created with a default
 * {@code MutableConfiguration}, as the JSR-107 specification requires.
 */
public class DefaultCacheResolverFactory implements CacheResolverFactory {

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new DefaultCacheResolver(details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    String name = details.getCacheAnnotation().exceptionCacheName();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("@CacheResult on " + details.getMethod()
          + " names no exceptionCacheName");
    }
    return new DefaultCacheResolver(name);
  }
}
