package io.piglix.cluster;

import io.piglix.serialization.ClassAllowList;
import io.piglix.store.EntryTooLargeException;
import javax.cache.CacheException;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessorException;

/**
 * Carries failures between members as class name, message and cause, and rebuilds them on
 * the caller. The JSR-107 exception types, JDK throwables ({@code java.} and {@code javax.})
 * and application throwables the serialization allow list permits are rebuilt as themselves,
 * through a constructor taking a message; any other class arrives as a {@link
 * CacheException} naming it, so a frame can never make a member instantiate a class outside
 * the list.
 */
final class Throwables {

  private static final int MAX_CAUSES = 5;

  private Throwables() {
  }

  /** Describes a failure and its causes, up to five levels deep. */
  static Messages.ThrowableData describe(Throwable error) {
    return describe(error, 0);
  }

  private static Messages.ThrowableData describe(Throwable error, int depth) {
    if (error == null || depth >= MAX_CAUSES) {
      return null;
    }
    Throwable cause = error.getCause() == error ? null : error.getCause();
    return new Messages.ThrowableData(error.getClass().getName(), error.getMessage(),
        describe(cause, depth + 1));
  }

  /**
   * Rebuilds a failure described by {@link #describe}; application throwables are rebuilt as
   * themselves when the allow list permits their class.
   */
  static RuntimeException rebuild(Messages.ThrowableData data, ClassAllowList allowList) {
    Throwable cause = data.cause() == null ? null : rebuild(data.cause(), allowList);
    String message = data.message();
    switch (data.className()) {
      case "javax.cache.processor.EntryProcessorException":
        return new EntryProcessorException(message, cause);
      case "javax.cache.integration.CacheLoaderException":
        return new CacheLoaderException(message, cause);
      case "javax.cache.integration.CacheWriterException":
        return new CacheWriterException(message, cause);
      case "javax.cache.event.CacheEntryListenerException":
        return new CacheEntryListenerException(message, cause);
      case "javax.cache.CacheException":
        return new CacheException(message, cause);
      case "io.piglix.store.EntryTooLargeException":
        return withCause(new EntryTooLargeException(message), cause);
      case "java.lang.NullPointerException":
        return withCause(new NullPointerException(message), cause);
      case "java.lang.IllegalArgumentException":
        return new IllegalArgumentException(message, cause);
      case "java.lang.IllegalStateException":
        return new IllegalStateException(message, cause);
      case "java.lang.UnsupportedOperationException":
        return new UnsupportedOperationException(message, cause);
      case "java.lang.ClassCastException":
        return withCause(new ClassCastException(message), cause);
      case "java.lang.ArithmeticException":
        return withCause(new ArithmeticException(message), cause);
      case "java.lang.IndexOutOfBoundsException":
        return withCause(new IndexOutOfBoundsException(message), cause);
      case "java.lang.RuntimeException":
        return new RuntimeException(message, cause);
      default:
        break;
    }
    if (data.className().startsWith("io.piglix.serialization.")) {
      return new CacheException(message, cause);
    }
    Throwable rebuilt = instantiate(data.className(), message, cause, allowList);
    if (rebuilt instanceof RuntimeException) {
      return (RuntimeException) rebuilt;
    }
    String text = data.className() + (message == null ? "" : ": " + message);
    return new CacheException(text, rebuilt != null ? rebuilt : cause);
  }

  private static Throwable instantiate(String className, String message, Throwable cause,
      ClassAllowList allowList) {
    boolean jdk = className.startsWith("java.") || className.startsWith("javax.");
    if (!jdk && !allowList.allows(className)) {
      return null;
    }
    try {
      Class<?> type = Class.forName(className, jdk, Throwables.class.getClassLoader());
      if (!Throwable.class.isAssignableFrom(type)) {
        return null;
      }
      Throwable error;
      try {
        error = (Throwable) type.getConstructor(String.class).newInstance(message);
      } catch (NoSuchMethodException e) {
        error = (Throwable) type.getConstructor().newInstance();
      }
      if (cause != null && error.getCause() == null) {
        error.initCause(cause);
      }
      return error;
    } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
      return null;
    }
  }

  private static RuntimeException withCause(RuntimeException error, Throwable cause) {
    if (cause != null) {
      error.initCause(cause);
    }
    return error;
  }

  /** Returns whether the class is carried as the JSR-107 type it is. */
  static boolean isCacheException(Throwable error) {
    return error instanceof CacheException || error instanceof EntryTooLargeException;
  }
}
