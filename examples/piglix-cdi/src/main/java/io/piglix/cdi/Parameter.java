package io.piglix.cdi;

import java.lang.annotation.Annotation;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;

/** One parameter of an invocation: its declared type, value, annotations and position. */
record Parameter(Class<?> getRawType, Object getValue, Set<Annotation> getAnnotations,
    int getParameterPosition) implements CacheInvocationParameter {
}
