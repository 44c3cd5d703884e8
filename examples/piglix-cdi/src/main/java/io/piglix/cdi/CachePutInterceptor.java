package io.piglix.cdi;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.Cache;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Runs {@link CachePut} methods: stores the {@code @CacheValue} parameter under the generated
 * key, after the method returns (or throws a {@code cacheFor} exception) by default, or before
 * it runs with {@code afterInvocation = false}. A null value removes the key, because JCache
 * caches cannot store null.
 */
@CachePut
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class CachePutInterceptor {

  /** Intercepts one call. */
  @AroundInvoke
  public Object cachePut(InvocationContext invocation) throws Exception {
    CacheMethod<CachePut> method = CacheMethod.of(invocation.getMethod(), CachePut.class);
    CachePut annotation = method.annotation();
    CacheKeyContext<CachePut> context = method.context(invocation);
    Cache<Object, Object> cache = method.cache(context);
    GeneratedCacheKey key = method.key(context);
    Object value = context.getValueParameter().getValue();
    if (!annotation.afterInvocation()) {
      put(cache, key, value);
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable failure) {
      if (annotation.afterInvocation() && Exceptions.matches(failure, annotation.cacheFor(),
          annotation.noCacheFor(), false)) {
        put(cache, key, value);
      }
      throw Exceptions.rethrow(failure);
    }
    if (annotation.afterInvocation()) {
      put(cache, key, value);
    }
    return result;
  }

  private static void put(Cache<Object, Object> cache, GeneratedCacheKey key, Object value) {
    if (value == null) {
      cache.remove(key);
    } else {
      cache.put(key, value);
    }
  }
}
