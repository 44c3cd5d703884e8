package io.piglix.member;

import io.piglix.event.CacheEvent;
import io.piglix.event.EventDispatcher;
import io.piglix.event.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.event.CacheEntryListenerException;

/** The listener dispatchers of every local view of one cache on this member. */
public final class LocalListeners implements EventSink {

  private final CopyOnWriteArrayList<EventDispatcher<?, ?>> dispatchers =
      new CopyOnWriteArrayList<>();

  /** Starts delivering events to a view's dispatcher. */
  public void add(EventDispatcher<?, ?> dispatcher) {
    dispatchers.addIfAbsent(dispatcher);
  }

  /** Stops delivering events to a view's dispatcher. */
  public void remove(EventDispatcher<?, ?> dispatcher) {
    dispatchers.remove(dispatcher);
  }

  @Override
  public boolean hasListeners() {
    for (EventDispatcher<?, ?> dispatcher : dispatchers) {
      if (dispatcher.hasListeners()) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether a local view has a synchronous listener. */
  public boolean hasSynchronousListeners() {
    for (EventDispatcher<?, ?> dispatcher : dispatchers) {
      if (dispatcher.hasSynchronousListeners()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void publish(List<CacheEvent> events) {
    RuntimeException failure = null;
    Error error = null;
    for (EventDispatcher<?, ?> dispatcher : dispatchers) {
      try {
        dispatcher.publish(events);
      } catch (CacheEntryListenerException e) {
        failure = failure == null ? e : failure;
      } catch (RuntimeException e) {
        failure = failure == null ? new CacheEntryListenerException(e) : failure;
      } catch (Error e) {
        error = error == null ? e : error;
      }
    }
    if (error != null) {
      throw error;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
