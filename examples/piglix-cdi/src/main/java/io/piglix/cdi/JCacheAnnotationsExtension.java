package io.piglix.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.util.Nonbinding;
import java.lang.annotation.Annotation;
import java.util.List;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * Makes the JSR-107 cache annotations work in a Jakarta CDI container. The annotations are not
 * meta-annotated with {@code @InterceptorBinding}, so this extension declares them as
 * interceptor bindings whose members are all non-binding, and adds the four interceptors.
 * The container finds it through {@code META-INF/services}.
 */
public class JCacheAnnotationsExtension implements Extension {

  private static final List<Class<? extends Annotation>> BINDINGS = List.of(
      CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

  private static final List<Class<?>> INTERCEPTORS = List.of(
      CacheResultInterceptor.class, CachePutInterceptor.class, CacheRemoveInterceptor.class,
      CacheRemoveAllInterceptor.class);

  /** Declares the bindings and adds the interceptors before the container scans beans. */
  void registerInterceptors(@Observes BeforeBeanDiscovery event) {
    for (Class<? extends Annotation> binding : BINDINGS) {
      event.configureInterceptorBinding(binding).methods()
          .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    }
    for (Class<?> interceptor : INTERCEPTORS) {
      event.addAnnotatedType(interceptor, interceptor.getName());
    }
  }
}
