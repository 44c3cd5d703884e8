package io.piglix.cluster;

import io.piglix.store.EntryTooLargeException;
import javax.cache.CacheException;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessorException;

/**
 * Carries failures between members as class name, message and cause, and rebuilds them on
 * the caller. Only the JSR-107 exception types and common JDK runtime exceptions are rebuilt
 * as themselves; any other class arrives as a {@link CacheException} naming it, so a frame
 * can never make a member instantiate an arbitrary class.
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

  /** Rebuilds a failure described by {@link #describe}. */
  static RuntimeException rebuild(Messages.ThrowableData data) {
    Throwable cause = data.cause() == null ? null : rebuild(data.cause());
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
        return new CacheException(message, cause);
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
        String text = data.className() + (message == null ? "" : ": " + message);
        if (data.className().startsWith("io.piglix.serialization.")) {
          return new CacheException(message, cause);
        }
        return new CacheException(text, cause);
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
