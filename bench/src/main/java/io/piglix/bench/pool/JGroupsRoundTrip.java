package io.piglix.bench.pool;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.blocks.ResponseMode;

/**
 * The bare JGroups request and reply that a remote cache operation cannot beat: two channels
 * with piglix's default stack on 127.0.0.1 (see {@link LoopbackStack}), a
 * {@link MessageDispatcher} on each, and a request sent with the flags piglix uses for its own
 * requests (out of band, not bundled, first reply). The responder returns a prepared byte
 * array from the JGroups thread that received the request: no decoding, no hand-off to another
 * thread and no cache lookup. The first 4 bytes of a request give the size of its reply.
 */
public final class JGroupsRoundTrip implements AutoCloseable {

  private static final long TIMEOUT_MILLIS = 10_000;

  private final JChannel caller;
  private final JChannel responder;
  private final MessageDispatcher callerDispatcher;
  private final MessageDispatcher responderDispatcher;
  private final Address target;
  private final RequestOptions options;

  private JGroupsRoundTrip(JChannel caller, JChannel responder) {
    this.caller = caller;
    this.responder = responder;
    Map<Integer, byte[]> replies = new ConcurrentHashMap<>();
    this.responderDispatcher = new MessageDispatcher(responder, message -> {
      int size = ByteBuffer.wrap(message.getArray(), message.getOffset(), 4).getInt();
      return replies.computeIfAbsent(size, byte[]::new);
    });
    this.callerDispatcher = new MessageDispatcher(caller, message -> null);
    this.target = responder.getAddress();
    this.options = new RequestOptions(ResponseMode.GET_FIRST, TIMEOUT_MILLIS)
        .setFlags(Message.Flag.OOB, Message.Flag.DONT_BUNDLE);
  }

  /** Connects the two channels and waits until both see a view of two members. */
  public static JGroupsRoundTrip start() throws Exception {
    List<Integer> ports = LoopbackPorts.free(2);
    String clusterName = "bench-rpc-" + Long.toHexString(System.nanoTime());
    JChannel responder = LoopbackStack.channel(ports.get(0), ports);
    JChannel caller = LoopbackStack.channel(ports.get(1), ports);
    try {
      responder.connect(clusterName);
      caller.connect(clusterName);
      Pools.awaitCondition("both JGroups channels see each other", () ->
          caller.getView().size() == 2 && responder.getView().size() == 2);
      return new JGroupsRoundTrip(caller, responder);
    } catch (Exception | Error e) {
      caller.close();
      responder.close();
      throw e;
    }
  }

  /**
   * Returns a request of {@code requestSize} bytes, at least 4, whose reply has
   * {@code replySize} bytes.
   */
  public static byte[] request(int requestSize, int replySize) {
    byte[] request = new byte[Math.max(4, requestSize)];
    ByteBuffer.wrap(request).putInt(replySize);
    return request;
  }

  /** Sends a request made by {@link #request} and returns the reply. */
  public byte[] call(byte[] payload) throws Exception {
    Message request = new BytesMessage(target, payload)
        .setFlag(Message.Flag.OOB, Message.Flag.DONT_BUNDLE);
    return callerDispatcher.sendMessage(request, options);
  }

  @Override
  public void close() {
    callerDispatcher.stop();
    responderDispatcher.stop();
    caller.close();
    responder.close();
  }
}
