package io.piglix.configuration;

import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;

/**
 * A {@code <listener>} of a cache.
 *
 * @param listener the listener class or its factory
 * @param filter the filter class or its factory, or null for none
 * @param oldValueRequired whether events carry the old value
 * @param synchronous whether the cache operation waits until the listener has run
 */
public record ListenerDefinition(ClassReference listener, ClassReference filter,
    boolean oldValueRequired, boolean synchronous) {

  /** Validates the listener reference. */
  public ListenerDefinition {
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * Resolves the classes and returns the JCache listener configuration.
   *
   * @throws ConfigurationException when a class is missing or of the wrong kind
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public CacheEntryListenerConfiguration<Object, Object> toConfiguration(
      ClassLoader classLoader, String cacheName) {
    Factory listenerFactory = listener.toFactory(CacheEntryListener.class, classLoader,
        cacheName);
    Factory filterFactory = filter == null ? null
        : filter.toFactory(CacheEntryEventFilter.class, classLoader, cacheName);
    return new MutableCacheEntryListenerConfiguration<Object, Object>(listenerFactory,
        filterFactory, oldValueRequired, synchronous);
  }
}
