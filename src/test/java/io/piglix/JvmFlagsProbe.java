package io.piglix;

import java.net.URI;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The main class {@link JvmFlagsTest} starts in a separate JVM: opens a cache manager and
 * prints the outcome as one line, {@code OPENED} or {@code FAILED <exception>: <message>}.
 */
public final class JvmFlagsProbe {

  private JvmFlagsProbe() {
  }

  /** Opens and closes one cache manager with the default configuration. */
  public static void main(String[] args) {
    try {
      CacheManager manager = Caching.getCachingProvider().getCacheManager(
          URI.create("piglix-jvm-flags-probe"), JvmFlagsProbe.class.getClassLoader());
      manager.close();
      System.out.println("OPENED");
    } catch (CacheException e) {
      System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
    }
  }
}
