package io.piglix.cdi;

import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The cache settings of one annotated method, resolved once per method: the annotation, the
 * cache name, the resolvers, the key generator and which parameters form the key and the
 * value.
 *
 * <p>Settings come from the method's annotation, then from {@link CacheDefaults} on its class,
 * then from the JSR-107 defaults. A custom {@link CacheResolverFactory} or
 * {@link CacheKeyGenerator} is created with its public no-arg constructor.
 */
final class CacheMethod<A extends Annotation> {

  private static final ConcurrentMap<MethodKey, CacheMethod<?>> METHODS =
      new ConcurrentHashMap<>();
  private static final CacheResolverFactory DEFAULT_RESOLVER_FACTORY =
      new DefaultCacheResolverFactory();
  private static final CacheKeyGenerator DEFAULT_KEY_GENERATOR = new DefaultCacheKeyGenerator();

  private final MethodDetails<A> details;
  private final CacheResolver resolver;
  private final CacheResolver exceptionResolver;
  private final CacheKeyGenerator keyGenerator;
  private final int[] keyPositions;
  private final int valuePosition;

  private CacheMethod(Method method, Class<A> kind) {
    A annotation = method.getAnnotation(kind);
    if (annotation == null) {
      annotation = method.getDeclaringClass().getAnnotation(kind);
    }
    if (annotation == null) {
      throw new IllegalStateException(method + " is intercepted for @" + kind.getSimpleName()
          + " but carries no such annotation");
    }
    CacheDefaults defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
    String cacheName = cacheName(annotation);
    if (cacheName.isEmpty() && defaults != null) {
      cacheName = defaults.cacheName();
    }
    if (cacheName.isEmpty()) {
      cacheName = defaultCacheName(method);
    }
    this.details = new MethodDetails<>(method, Set.of(method.getAnnotations()), annotation,
        cacheName);

    CacheResolverFactory resolverFactory = resolverFactory(annotation, defaults);
    this.resolver = resolverFactory.getCacheResolver(details);
    this.exceptionResolver = exceptionResolver(annotation, resolverFactory);
    this.keyGenerator = annotation instanceof CacheRemoveAll ? null
        : keyGenerator(annotation, defaults);

    Annotation[][] parameterAnnotations = method.getParameterAnnotations();
    this.valuePosition = positionsOf(parameterAnnotations, CacheValue.class).stream()
        .findFirst().orElse(-1);
    if (annotation instanceof CachePut && valuePosition < 0) {
      throw new IllegalStateException("@CachePut method " + method + " has no @CacheValue"
          + " parameter: annotate the parameter whose value is cached");
    }
    List<Integer> keys = positionsOf(parameterAnnotations, CacheKey.class);
    if (keys.isEmpty()) {
      for (int i = 0; i < parameterAnnotations.length; i++) {
        if (i != valuePosition) {
          keys.add(i);
        }
      }
    }
    this.keyPositions = keys.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Returns the resolved details of a method for one annotation kind. */
  @SuppressWarnings("unchecked")
  static <A extends Annotation> CacheMethod<A> of(Method method, Class<A> kind) {
    return (CacheMethod<A>) METHODS.computeIfAbsent(new MethodKey(method, kind),
        key -> new CacheMethod<>(method, kind));
  }

  /**
   * Returns the JSR-107 default cache name of a method:
   * {@code package.Class.method(package.ParameterType,...)}.
   */
  static String defaultCacheName(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName() + "("
        + Arrays.stream(method.getParameterTypes()).map(Class::getName)
            .collect(Collectors.joining(",")) + ")";
  }

  /** Returns the cache annotation. */
  A annotation() {
    return details.getCacheAnnotation();
  }

  /** Returns the context of one invocation, as resolvers and key generators see it. */
  CacheKeyContext<A> context(InvocationContext invocation) {
    Object[] values = invocation.getParameters();
    Class<?>[] types = details.getMethod().getParameterTypes();
    Annotation[][] annotations = details.getMethod().getParameterAnnotations();
    CacheInvocationParameter[] all = new CacheInvocationParameter[values.length];
    for (int i = 0; i < values.length; i++) {
      all[i] = new Parameter(types[i], values[i], Set.of(annotations[i]), i);
    }
    CacheInvocationParameter[] keys = new CacheInvocationParameter[keyPositions.length];
    for (int i = 0; i < keyPositions.length; i++) {
      keys[i] = all[keyPositions[i]];
    }
    CacheInvocationParameter value = valuePosition < 0 ? null : all[valuePosition];
    return new CacheKeyContext<>(details, invocation.getTarget(), all, keys, value);
  }

  /** Returns the cache of this method for an invocation. */
  Cache<Object, Object> cache(CacheKeyContext<A> context) {
    return resolver.resolveCache(context);
  }

  /** Returns the exception cache of a {@code @CacheResult} method, or null when it has none. */
  Cache<Object, Object> exceptionCache(CacheKeyContext<A> context) {
    return exceptionResolver == null ? null : exceptionResolver.resolveCache(context);
  }

  /** Generates the key of an invocation. */
  GeneratedCacheKey key(CacheKeyContext<A> context) {
    return keyGenerator.generateCacheKey(context);
  }

  private static String cacheName(Annotation annotation) {
    if (annotation instanceof CacheResult) {
      return ((CacheResult) annotation).cacheName();
    }
    if (annotation instanceof CachePut) {
      return ((CachePut) annotation).cacheName();
    }
    if (annotation instanceof CacheRemove) {
      return ((CacheRemove) annotation).cacheName();
    }
    return ((CacheRemoveAll) annotation).cacheName();
  }

  private static CacheResolverFactory resolverFactory(Annotation annotation,
      CacheDefaults defaults) {
    Class<? extends CacheResolverFactory> type;
    if (annotation instanceof CacheResult) {
      type = ((CacheResult) annotation).cacheResolverFactory();
    } else if (annotation instanceof CachePut) {
      type = ((CachePut) annotation).cacheResolverFactory();
    } else if (annotation instanceof CacheRemove) {
      type = ((CacheRemove) annotation).cacheResolverFactory();
    } else {
      type = ((CacheRemoveAll) annotation).cacheResolverFactory();
    }
    if (type == CacheResolverFactory.class && defaults != null) {
      type = defaults.cacheResolverFactory();
    }
    return type == CacheResolverFactory.class ? DEFAULT_RESOLVER_FACTORY : instantiate(type);
  }

  @SuppressWarnings("unchecked")
  private CacheResolver exceptionResolver(Annotation annotation,
      CacheResolverFactory factory) {
    if (annotation instanceof CacheResult
        && !((CacheResult) annotation).exceptionCacheName().isEmpty()) {
      return factory.getExceptionCacheResolver((CacheMethodDetails<CacheResult>) details);
    }
    return null;
  }

  private static CacheKeyGenerator keyGenerator(Annotation annotation,
      CacheDefaults defaults) {
    Class<? extends CacheKeyGenerator> type;
    if (annotation instanceof CacheResult) {
      type = ((CacheResult) annotation).cacheKeyGenerator();
    } else if (annotation instanceof CachePut) {
      type = ((CachePut) annotation).cacheKeyGenerator();
    } else {
      type = ((CacheRemove) annotation).cacheKeyGenerator();
    }
    if (type == CacheKeyGenerator.class && defaults != null) {
      type = defaults.cacheKeyGenerator();
    }
    return type == CacheKeyGenerator.class ? DEFAULT_KEY_GENERATOR : instantiate(type);
  }

  private static List<Integer> positionsOf(Annotation[][] parameterAnnotations,
      Class<? extends Annotation> marker) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < parameterAnnotations.length; i++) {
      for (Annotation annotation : parameterAnnotations[i]) {
        if (marker.isInstance(annotation)) {
          positions.add(i);
        }
      }
    }
    return positions;
  }

  private static <T> T instantiate(Class<T> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + type.getName() + " named in a cache"
          + " annotation: give it a public no-arg constructor (" + e + ")", e);
    }
  }

  /** A method and the annotation kind it is intercepted for. */
  private record MethodKey(Method method, Class<?> kind) {
  }
}
