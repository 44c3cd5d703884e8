package io.piglix.cdi;

import java.lang.reflect.UndeclaredThrowableException;

/** Exception rules shared by the interceptors. */
final class Exceptions {

  private Exceptions() {
  }

  /**
   * Returns whether {@code failure} selects the cache operation: it must be an instance of a
   * class in {@code include} (any class when {@code include} is empty) and of none in
   * {@code exclude}. When both are empty the result is {@code whenBothEmpty}: the interceptors
   * pass true for {@code cachedExceptions}, so an exception cache keeps every exception, and
   * false for {@code cacheFor} and {@code evictFor}, so a failed call changes no entry.
   */
  static boolean matches(Throwable failure, Class<? extends Throwable>[] include,
      Class<? extends Throwable>[] exclude, boolean whenBothEmpty) {
    if (include.length == 0 && exclude.length == 0) {
      return whenBothEmpty;
    }
    boolean included = include.length == 0;
    for (Class<? extends Throwable> type : include) {
      if (type.isInstance(failure)) {
        included = true;
        break;
      }
    }
    if (!included) {
      return false;
    }
    for (Class<? extends Throwable> type : exclude) {
      if (type.isInstance(failure)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code failure} as an {@link Exception} for an {@code @AroundInvoke} method to
   * throw; an {@link Error} is thrown from here.
   */
  static Exception rethrow(Throwable failure) {
    if (failure instanceof Exception) {
      return (Exception) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    return new UndeclaredThrowableException(failure);
  }
}
