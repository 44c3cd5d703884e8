package io.piglix.event;

import io.piglix.internal.SerialExecutor;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One listener configuration registered on this member, with its listener and filter. */
final class ListenerRegistration<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerRegistration.class);

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final SerialExecutor asyncExecutor;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor executor) {
    this.configuration = configuration;
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
        configuration.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException("the listener configuration has no listener factory");
    }
    this.listener = listenerFactory.create();
    if (listener == null) {
      throw new IllegalArgumentException("the listener factory " + listenerFactory
          + " created null");
    }
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.asyncExecutor = configuration.isSynchronous() ? null : new SerialExecutor(executor);
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return asyncExecutor == null;
  }

  boolean isOldValueRequired() {
    return configuration.isOldValueRequired();
  }

  boolean listensTo(EventType type) {
    switch (type) {
      case CREATED:
        return listener instanceof CacheEntryCreatedListener;
      case UPDATED:
        return listener instanceof CacheEntryUpdatedListener;
      case REMOVED:
        return listener instanceof CacheEntryRemovedListener;
      case EXPIRED:
        return listener instanceof CacheEntryExpiredListener;
      default:
        return false;
    }
  }

  /**
   * Delivers events in order, grouping consecutive events of one type into one call. A
   * synchronous listener runs in the calling thread; its failure is thrown.
   */
  void deliver(List<CacheEntryEvent<K, V>> events) {
    if (asyncExecutor == null) {
      deliverNow(events);
      return;
    }
    asyncExecutor.execute(() -> {
      try {
        deliverNow(events);
      } catch (RuntimeException e) {
        LOG.warn("asynchronous listener {} failed", listener, e);
      }
    });
  }

  /** Waits for queued asynchronous events to be delivered, up to the timeout. */
  void awaitDelivery(long timeoutMillis) throws InterruptedException {
    if (asyncExecutor != null) {
      asyncExecutor.awaitIdle(timeoutMillis);
    }
  }

  private void deliverNow(List<CacheEntryEvent<K, V>> events) {
    List<CacheEntryEvent<? extends K, ? extends V>> group = new ArrayList<>();
    EventType groupType = null;
    for (CacheEntryEvent<K, V> event : events) {
      if (filter != null && !evaluate(event)) {
        continue;
      }
      if (groupType != null && groupType != event.getEventType()) {
        call(groupType, group);
        group = new ArrayList<>();
      }
      groupType = event.getEventType();
      group.add(event);
    }
    if (groupType != null) {
      call(groupType, group);
    }
  }

  private boolean evaluate(CacheEntryEvent<K, V> event) {
    try {
      return filter.evaluate(event);
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException("listener filter " + filter + " failed", e);
    }
  }

  @SuppressWarnings("unchecked")
  private void call(EventType type, List<CacheEntryEvent<? extends K, ? extends V>> events) {
    try {
      switch (type) {
        case CREATED:
          ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
          break;
        case UPDATED:
          ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
          break;
        case REMOVED:
          ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
          break;
        case EXPIRED:
          ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
          break;
        default:
          break;
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException("listener " + listener + " failed on " + type
          + " events", e);
    }
  }

  /** Closes the listener and the filter when they implement {@link Closeable}. */
  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(Object resource) {
    if (resource instanceof Closeable) {
      try {
        ((Closeable) resource).close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("closing {} failed", resource, e);
      }
    }
  }
}
