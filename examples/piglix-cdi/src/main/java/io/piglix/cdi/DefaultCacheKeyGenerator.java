package io.piglix.cdi;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Makes a {@link DefaultGeneratedCacheKey} of the key parameters: those annotated
 * {@code @CacheKey}, or else every parameter except the {@code @CacheValue} one.
 */
public class DefaultCacheKeyGenerator implements CacheKeyGenerator {

  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    CacheInvocationParameter[] keys = context.getKeyParameters();
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = keys[i].getValue();
    }
    return new DefaultGeneratedCacheKey(values);
  }
}
