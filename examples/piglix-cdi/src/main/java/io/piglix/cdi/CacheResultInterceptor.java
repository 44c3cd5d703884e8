package io.piglix.cdi;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Runs {@link CacheResult} methods: returns the cached value for the generated key, else runs
 * the method and caches a non-null result. With {@code exceptionCacheName}, matching exceptions
 * are cached too and thrown again on later calls with the same key.
 */
@CacheResult
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class CacheResultInterceptor {

  /** Intercepts one call. */
  @AroundInvoke
  public Object cacheResult(InvocationContext invocation) throws Exception {
    CacheMethod<CacheResult> method = CacheMethod.of(invocation.getMethod(), CacheResult.class);
    CacheResult annotation = method.annotation();
    CacheKeyContext<CacheResult> context = method.context(invocation);
    Cache<Object, Object> cache = method.cache(context);
    Cache<Object, Object> exceptionCache = method.exceptionCache(context);
    GeneratedCacheKey key = method.key(context);
    if (!annotation.skipGet()) {
      Object cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
      if (exceptionCache != null) {
        Object exception = exceptionCache.get(key);
        if (exception instanceof Throwable) {
          throw Exceptions.rethrow((Throwable) exception);
        }
      }
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable failure) {
      if (exceptionCache != null && Exceptions.matches(failure,
          annotation.cachedExceptions(), annotation.nonCachedExceptions(), true)) {
        exceptionCache.put(key, failure);
      }
      throw Exceptions.rethrow(failure);
    }
    if (result != null) {
      cache.put(key, result);
    }
    return result;
  }
}
