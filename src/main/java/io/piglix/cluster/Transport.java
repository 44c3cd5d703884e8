package io.piglix.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestHandler;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.blocks.Response;
import org.jgroups.blocks.ResponseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request and reply between members over a JGroups channel, with frames encoded by
 * {@link Frames}.
 *
 * <p>Requests are sent out of band, so the receiver handles them concurrently on its own
 * executor. One-way messages are sent in order and handled in the receiving thread, so the
 * one-way messages from one member reach the handler in the order they were sent; events use
 * this to keep a key's events in order.
 */
final class Transport implements RequestHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

  /** Handles a decoded request and returns the reply message, or null for none. */
  interface Handler {
    Object handle(Address sender, Object message);
  }

  /** Receives view changes. */
  interface ViewListener {
    void viewAccepted(View view);
  }

  private final JChannel channel;
  private final Frames frames;
  private final java.util.function.Function<Object, java.util.concurrent.Executor> executors;
  private final DropLog dropLog;
  private MessageDispatcher dispatcher;
  private volatile Handler handler;
  private volatile ViewListener viewListener;

  /**
   * Creates a transport.
   *
   * @param executors chooses the executor that handles a decoded request, so requests that
   *     wait for other members never occupy the threads those members' replies need
   */
  Transport(JChannel channel, Frames frames,
      java.util.function.Function<Object, java.util.concurrent.Executor> executors,
      DropLog dropLog) {
    this.channel = channel;
    this.frames = frames;
    this.executors = executors;
    this.dropLog = dropLog;
  }

  /** Installs the handlers and starts receiving; call before the channel connects. */
  void start(Handler requestHandler, ViewListener views) {
    this.handler = requestHandler;
    this.viewListener = views;
    this.dispatcher = new MessageDispatcher(channel, this);
    dispatcher.setAsynDispatching(true);
    dispatcher.setReceiver(new org.jgroups.Receiver() {
      @Override
      public void viewAccepted(View view) {
        ViewListener listener = viewListener;
        if (listener != null) {
          listener.viewAccepted(view);
        }
      }
    });
  }

  /** This member's address. */
  Address localAddress() {
    return channel.getAddress();
  }

  /** The current view. */
  View view() {
    return channel.getView();
  }

  /**
   * Sends a request and waits for the reply.
   *
   * @throws TransportException when the member is unreachable, suspected, or does not reply
   *     within the timeout
   */
  Object request(Address target, Object message, long timeoutMillis) {
    try {
      return requestAsync(target, message, timeoutMillis).get(timeoutMillis + 1000,
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for " + target, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TransportException) {
        throw (TransportException) cause;
      }
      throw new TransportException("request to " + target + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new TransportException("no reply from " + target + " within " + timeoutMillis
          + " ms", e);
    }
  }

  /** Sends a request and returns the future reply. */
  CompletableFuture<Object> requestAsync(Address target, Object message, long timeoutMillis) {
    Message request = new BytesMessage(target, frames.encode(message))
        .setFlag(Message.Flag.OOB, Message.Flag.DONT_BUNDLE);
    RequestOptions options = new RequestOptions(ResponseMode.GET_FIRST, timeoutMillis)
        .setFlags(Message.Flag.OOB, Message.Flag.DONT_BUNDLE);
    CompletableFuture<Object> reply;
    try {
      CompletableFuture<byte[]> raw = dispatcher.sendMessageWithFuture(request, options);
      reply = raw.thenApply(bytes -> decodeReply(target, bytes));
    } catch (Exception e) {
      reply = CompletableFuture.failedFuture(new TransportException("cannot send to " + target
          + ": " + e, e));
    }
    return reply.exceptionallyCompose(error -> CompletableFuture.failedFuture(
        error instanceof TransportException ? error : new TransportException(
            "request to " + target + " failed: " + unwrap(error), unwrap(error))));
  }

  /**
   * Sends a request to several members and waits for every reply; a member that fails or
   * does not reply maps to a {@link TransportException}.
   */
  Map<Address, Object> requestAll(Collection<Address> targets, Object message,
      long timeoutMillis) {
    Map<Address, CompletableFuture<Object>> futures = new HashMap<>();
    for (Address target : targets) {
      futures.put(target, requestAsync(target, message, timeoutMillis));
    }
    Map<Address, Object> replies = new HashMap<>();
    for (Map.Entry<Address, CompletableFuture<Object>> entry : futures.entrySet()) {
      try {
        replies.put(entry.getKey(), entry.getValue().get(timeoutMillis + 1000,
            TimeUnit.MILLISECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        replies.put(entry.getKey(), new TransportException("interrupted", e));
      } catch (ExecutionException e) {
        replies.put(entry.getKey(), unwrap(e));
      } catch (TimeoutException e) {
        replies.put(entry.getKey(), new TransportException("no reply from " + entry.getKey()
            + " within " + timeoutMillis + " ms", e));
      }
    }
    return replies;
  }

  /** Sends a one-way message, delivered in order after earlier one-way messages. */
  void send(Address target, Object message) {
    sendOneWay(target, frames.encode(message));
  }

  /**
   * Sends a request that expects no reply and is not out of band, so the receiver handles it
   * in its delivery thread in the order this member sent it.
   */
  private void sendOneWay(Address target, byte[] frame) {
    try {
      dispatcher.sendMessage(new BytesMessage(target, frame),
          new RequestOptions(ResponseMode.GET_NONE, 0));
    } catch (Exception e) {
      throw new TransportException("cannot send to " + target + ": " + e, e);
    }
  }

  /** Sends a one-way message to several members. */
  void sendAll(Collection<Address> targets, Object message) {
    byte[] frame = frames.encode(message);
    List<RuntimeException> failures = new ArrayList<>();
    for (Address target : targets) {
      try {
        sendOneWay(target, frame);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      LOG.debug("{} sending a one-way message failed for {} members", localAddress(),
          failures.size(), failures.get(0));
    }
  }

  @Override
  public Object handle(Message message) {
    throw new UnsupportedOperationException("requests are handled asynchronously");
  }

  @Override
  public void handle(Message message, Response response) {
    Address sender = message.getSrc();
    Object decoded;
    try {
      decoded = frames.decode(message.getArray(), message.getOffset(), message.getLength());
    } catch (Throwable e) {
      dropLog.dropped(sender, e);
      if (response != null) {
        response.send(frames.encode(new Messages.Rejected("invalid frame: "
            + e.getMessage())), false);
      }
      return;
    }
    if (response == null) {
      handleNow(sender, decoded, null);
      return;
    }
    try {
      executors.apply(decoded).execute(() -> handleNow(sender, decoded, response));
    } catch (RejectedExecutionException e) {
      response.send(frames.encode(new Messages.Rejected("member " + localAddress()
          + " is busy or stopping")), false);
    }
  }

  private void handleNow(Address sender, Object decoded, Response response) {
    Object reply;
    try {
      reply = handler.handle(sender, decoded);
    } catch (RuntimeException | Error e) {
      LOG.error("{} failed to handle {} from {}", localAddress(),
          decoded.getClass().getSimpleName(), sender, e);
      reply = new Messages.Rejected("member " + localAddress() + " failed: " + e);
    }
    if (response != null) {
      response.send(frames.encode(reply == null ? new Messages.Ack() : reply), false);
    }
  }

  private Object decodeReply(Address sender, byte[] bytes) {
    if (bytes == null) {
      throw new TransportException("no reply from " + sender);
    }
    try {
      return frames.decode(bytes, 0, bytes.length);
    } catch (RuntimeException e) {
      throw new TransportException("invalid reply from " + sender + ": " + e.getMessage(), e);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof ExecutionException
        || current instanceof java.util.concurrent.CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Stops the dispatcher. */
  void stop() {
    if (dispatcher != null) {
      dispatcher.stop();
    }
  }
}
