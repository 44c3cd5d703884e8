package io.piglix.member;

import java.io.Closeable;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loader, writer and expiry policy a cache created from its configuration's factories,
 * closed with the cache when they implement {@link Closeable}.
 */
public final class CacheResources implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CacheResources.class);

  private final String cacheName;
  private final Object[] resources;

  public CacheResources(String cacheName, Object... resources) {
    this.cacheName = cacheName;
    this.resources = resources.clone();
  }

  @Override
  public void close() {
    for (Object resource : resources) {
      if (resource instanceof Closeable) {
        try {
          ((Closeable) resource).close();
        } catch (IOException | RuntimeException e) {
          LOG.warn("closing {} of cache '{}' failed", resource, cacheName, e);
        }
      }
    }
  }
}
