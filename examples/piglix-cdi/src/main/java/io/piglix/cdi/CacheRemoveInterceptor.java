package io.piglix.cdi;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Runs {@link CacheRemove} methods: removes the generated key after the method returns (or
 * throws an {@code evictFor} exception) by default, or before it runs with
 * {@code afterInvocation = false}.
 */
@CacheRemove
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class CacheRemoveInterceptor {

  /** Intercepts one call. */
  @AroundInvoke
  public Object cacheRemove(InvocationContext invocation) throws Exception {
    CacheMethod<CacheRemove> method = CacheMethod.of(invocation.getMethod(),
        CacheRemove.class);
    CacheRemove annotation = method.annotation();
    CacheKeyContext<CacheRemove> context = method.context(invocation);
    Cache<Object, Object> cache = method.cache(context);
    GeneratedCacheKey key = method.key(context);
    if (!annotation.afterInvocation()) {
      cache.remove(key);
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable failure) {
      if (annotation.afterInvocation() && Exceptions.matches(failure, annotation.evictFor(),
          annotation.noEvictFor(), false)) {
        cache.remove(key);
      }
      throw Exceptions.rethrow(failure);
    }
    if (annotation.afterInvocation()) {
      cache.remove(key);
    }
    return result;
  }
}
