package io.piglix.cluster;

import io.piglix.event.CacheEvent;
import io.piglix.event.EventSink;
import io.piglix.internal.Binary;
import io.piglix.member.CacheId;
import io.piglix.member.CacheRuntime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an owner's events to the listeners of every member.
 *
 * <p>Members with a synchronous listener get the events as a request, and the operation waits
 * for their reply, so a synchronous listener has run before the change returns to its caller
 * wherever the listener lives; a listener failure comes back as a {@link
 * CacheEntryListenerException}. Members with only asynchronous listeners get a one-way
 * message; one-way messages from one sender arrive in order, and the owner sends a key's
 * events while it holds the key's lock, so each member sees a key's events in order.
 */
final class ClusterEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterEventSink.class);

  private final ClusterNode node;
  private final CacheRuntime runtime;

  ClusterEventSink(ClusterNode node, CacheRuntime runtime) {
    this.node = node;
    this.runtime = runtime;
  }

  @Override
  public boolean hasListeners() {
    return runtime.listeners().hasListeners()
        || !node.remoteListeners(runtime.id()).isEmpty();
  }

  @Override
  public void publish(List<CacheEvent> events) {
    Collection<Messages.ListenerPresence> remote = node.remoteListeners(runtime.id());
    Map<Address, CompletableFuture<Object>> pending = new LinkedHashMap<>();
    if (!remote.isEmpty()) {
      List<Messages.WireEvent> wire = toWire(events);
      CacheId id = runtime.id();
      for (Messages.ListenerPresence presence : remote) {
        Messages.EventBatch batch = new Messages.EventBatch(id.namespace(), id.name(), wire,
            presence.synchronous());
        if (presence.synchronous()) {
          pending.put(presence.member(), node.transport().requestAsync(presence.member(),
              batch, node.operationTimeoutMillis()));
        } else {
          try {
            node.transport().send(presence.member(), batch);
          } catch (TransportException e) {
            LOG.debug("{} could not send events to {}: {}", node.localName(),
                presence.member(), e.getMessage());
          }
        }
      }
    }
    RuntimeException failure = null;
    try {
      runtime.listeners().publish(events);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Map.Entry<Address, CompletableFuture<Object>> entry : pending.entrySet()) {
      Object reply;
      try {
        reply = entry.getValue().get(node.operationTimeoutMillis() + 1000,
            TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply = e;
      } catch (ExecutionException | TimeoutException e) {
        reply = e;
      }
      if (reply instanceof Messages.CacheReply) {
        Messages.CacheReply failed = (Messages.CacheReply) reply;
        if (failure == null && failed.error() != null) {
          RuntimeException rebuilt = Throwables.rebuild(failed.error(), node.allowList());
          failure = rebuilt instanceof CacheEntryListenerException ? rebuilt
              : new CacheEntryListenerException(rebuilt);
        }
      } else if (!(reply instanceof Messages.Ack)) {
        LOG.warn("{} could not deliver events of cache '{}' to {}: {}", node.localName(),
            runtime.id(), entry.getKey(), reply);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static List<Messages.WireEvent> toWire(List<CacheEvent> events) {
    List<Messages.WireEvent> wire = new ArrayList<>(events.size());
    for (CacheEvent event : events) {
      wire.add(new Messages.WireEvent(event.type().ordinal(), event.key().bytes(),
          event.value(), event.oldValue()));
    }
    return wire;
  }

  /** Delivers events received from an owner to this member's listeners. */
  static Object deliver(ClusterNode node, Messages.EventBatch batch) {
    CacheRuntime runtime = node.member().findCache(new CacheId(batch.namespace(),
        batch.name()));
    if (runtime == null) {
      return new Messages.Ack();
    }
    List<CacheEvent> events = new ArrayList<>(batch.events().size());
    EventType[] types = EventType.values();
    for (Messages.WireEvent event : batch.events()) {
      events.add(new CacheEvent(types[event.type()], Binary.ofBytes(event.key()),
          event.value(), event.oldValue()));
    }
    try {
      runtime.listeners().publish(events);
      return new Messages.Ack();
    } catch (RuntimeException e) {
      if (!batch.synchronous()) {
        LOG.warn("{} listener of cache '{}' failed", node.localName(), runtime.id(), e);
      }
      return new Messages.CacheReply(Messages.CacheReply.FAILED, null, null,
          Throwables.describe(e), null);
    }
  }
}
