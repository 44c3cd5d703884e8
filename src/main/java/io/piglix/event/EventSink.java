package io.piglix.event;

import java.util.List;

/** Receives the events of an operation, in the order they happened, before it returns. */
public interface EventSink {

  /** A sink with no listeners. */
  EventSink NONE = new EventSink() {
    @Override
    public boolean hasListeners() {
      return false;
    }

    @Override
    public void publish(List<CacheEvent> events) {
    }
  };

  /** Returns whether any listener may receive events, so operations can skip building them. */
  boolean hasListeners();

  /**
   * Delivers events: synchronous listeners have run when this returns, asynchronous ones are
   * queued in order.
   *
   * @throws javax.cache.event.CacheEntryListenerException when a synchronous listener failed
   */
  void publish(List<CacheEvent> events);
}
