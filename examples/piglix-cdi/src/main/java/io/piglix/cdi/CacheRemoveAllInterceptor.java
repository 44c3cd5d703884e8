package io.piglix.cdi;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemoveAll;

/**
 * Runs {@link CacheRemoveAll} methods: removes every entry of the cache after the method
 * returns (or throws an {@code evictFor} exception) by default, or before it runs with
 * {@code afterInvocation = false}. Removal goes through {@code Cache.removeAll()}, so
 * write-through and listeners see it.
 */
@CacheRemoveAll
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class CacheRemoveAllInterceptor {

  /** Intercepts one call. */
  @AroundInvoke
  public Object cacheRemoveAll(InvocationContext invocation) throws Exception {
    CacheMethod<CacheRemoveAll> method = CacheMethod.of(invocation.getMethod(),
        CacheRemoveAll.class);
    CacheRemoveAll annotation = method.annotation();
    Cache<Object, Object> cache = method.cache(method.context(invocation));
    if (!annotation.afterInvocation()) {
      cache.removeAll();
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable failure) {
      if (annotation.afterInvocation() && Exceptions.matches(failure, annotation.evictFor(),
          annotation.noEvictFor(), false)) {
        cache.removeAll();
      }
      throw Exceptions.rethrow(failure);
    }
    if (annotation.afterInvocation()) {
      cache.removeAll();
    }
    return result;
  }
}
