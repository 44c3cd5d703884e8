package io.piglix.event;

import io.piglix.serialization.KryoCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * Delivers events to the listeners registered on one cache of this member.
 *
 * <p>Events reach each registration in the order of {@link #publish}. Synchronous listeners run
 * in the publishing thread; if several fail, the first failure is thrown after all have run,
 * and an {@link Error} is thrown unwrapped.
 */
public final class EventDispatcher<K, V> implements EventSink {

  private final Cache<K, V> source;
  private final KryoCodec codec;
  private final Executor asyncExecutor;
  private final CopyOnWriteArrayList<ListenerRegistration<K, V>> registrations =
      new CopyOnWriteArrayList<>();

  /**
   * Creates a dispatcher.
   *
   * @param source the cache that events name as their source
   * @param codec decodes event keys and values
   * @param asyncExecutor runs asynchronous listeners
   */
  public EventDispatcher(Cache<K, V> source, KryoCodec codec, Executor asyncExecutor) {
    this.source = source;
    this.codec = codec;
    this.asyncExecutor = asyncExecutor;
  }

  /**
   * Creates the listener and filter of a configuration and starts delivering to them.
   *
   * @throws IllegalArgumentException when an equal configuration is already registered
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("this listener configuration is already registered"
            + " on cache '" + source.getName() + "': " + configuration);
      }
    }
    registrations.add(new ListenerRegistration<>(configuration, asyncExecutor));
  }

  /** Stops delivering to a configuration and returns whether it was registered. */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        registration.close();
        return true;
      }
    }
    return false;
  }

  /** Returns the registered configurations, in registration order. */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    List<CacheEntryListenerConfiguration<K, V>> configurations = new ArrayList<>();
    for (ListenerRegistration<K, V> registration : registrations) {
      configurations.add(registration.configuration());
    }
    return configurations;
  }

  @Override
  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /** Returns whether a synchronous listener is registered. */
  public boolean hasSynchronousListeners() {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.isSynchronous()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void publish(List<CacheEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    Error error = null;
    for (ListenerRegistration<K, V> registration : registrations) {
      List<CacheEntryEvent<K, V>> delivered = toEntryEvents(registration, events);
      if (delivered.isEmpty()) {
        continue;
      }
      try {
        registration.deliver(delivered);
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      } catch (Error e) {
        error = error == null ? e : error;
      }
    }
    if (error != null) {
      throw error;
    }
    if (failure != null) {
      throw failure instanceof CacheEntryListenerException ? failure
          : new CacheEntryListenerException(failure);
    }
  }

  /** Waits up to the timeout for queued asynchronous events, then closes every listener. */
  public void close(long timeoutMillis) throws InterruptedException {
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.awaitDelivery(timeoutMillis);
      registration.close();
    }
    registrations.clear();
  }

  private List<CacheEntryEvent<K, V>> toEntryEvents(ListenerRegistration<K, V> registration,
      List<CacheEvent> events) {
    List<CacheEntryEvent<K, V>> result = new ArrayList<>(events.size());
    boolean withOld = registration.isOldValueRequired();
    for (CacheEvent event : events) {
      if (!registration.listensTo(event.type())) {
        continue;
      }
      byte[] value = event.value();
      byte[] oldValue = event.oldValue();
      if (!withOld) {
        oldValue = null;
        if (event.type() == EventType.REMOVED || event.type() == EventType.EXPIRED) {
          value = null;
        }
      }
      boolean oldValueAvailable = withOld && event.type() != EventType.CREATED;
      result.add(new PiglixCacheEntryEvent<>(source, event.type(), codec, event.key(), value,
          oldValue, oldValueAvailable));
    }
    return result;
  }
}
