package io.piglix.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/** One invocation of an annotated method, given to resolvers and key generators. */
final class CacheKeyContext<A extends Annotation> implements CacheKeyInvocationContext<A> {

  private final MethodDetails<A> details;
  private final Object target;
  private final CacheInvocationParameter[] allParameters;
  private final CacheInvocationParameter[] keyParameters;
  private final CacheInvocationParameter valueParameter;

  CacheKeyContext(MethodDetails<A> details, Object target,
      CacheInvocationParameter[] allParameters, CacheInvocationParameter[] keyParameters,
      CacheInvocationParameter valueParameter) {
    this.details = details;
    this.target = target;
    this.allParameters = allParameters;
    this.keyParameters = keyParameters;
    this.valueParameter = valueParameter;
  }

  @Override
  public Method getMethod() {
    return details.getMethod();
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return details.getAnnotations();
  }

  @Override
  public A getCacheAnnotation() {
    return details.getCacheAnnotation();
  }

  @Override
  public String getCacheName() {
    return details.getCacheName();
  }

  @Override
  public Object getTarget() {
    return target;
  }

  @Override
  public CacheInvocationParameter[] getAllParameters() {
    return allParameters.clone();
  }

  @Override
  public CacheInvocationParameter[] getKeyParameters() {
    return keyParameters.clone();
  }

  @Override
  public CacheInvocationParameter getValueParameter() {
    return valueParameter;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache invocation context to "
        + type.getName());
  }
}
