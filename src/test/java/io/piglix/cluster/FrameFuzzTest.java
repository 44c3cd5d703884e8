package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.esotericsoftware.kryo.io.Output;
import io.piglix.PiglixCacheManager;
import io.piglix.partition.KeyHash;
import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.KryoCodec;
import io.piglix.serialization.SerializationConfig;
import io.piglix.serialization.forbidden.InitializationRecord;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.blocks.ResponseMode;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Sends a member thousands of random and mutated frames over a real JGroups channel on
 * 127.0.0.1. Then checks that it dropped and logged them, still replies to requests, still
 * serves its cache, and logged nothing else above INFO.
 *
 * <p>The sender is a bare JGroups channel with a dispatcher, in the member's view but not a
 * piglix member. Frames with a valid checksum but a mutated body are built only from a request
 * to a cache that does not exist, because a valid frame with arbitrary content is a message
 * like any other: a sender in the view could destroy caches with well-formed frames, which
 * is what the shared secret of {@code <security>} prevents.
 */
class FrameFuzzTest {

  private static final int FRAMES = 10_000;
  private static final long SEED = 0xF0221E55L;
  private static final String CACHE = "checked";

  /** Only the test fixtures; the package of the class {@link FramesTest} names is outside. */
  private static final SerializationConfig SERIALIZATION = new SerializationConfig(
      new ClassAllowList(List.of("io.piglix.serialization.fixtures"), List.of()), Map.of(),
      SerializationConfig.DEFAULT_MAX_OBJECT_SIZE, SerializationConfig.DEFAULT_MAX_DEPTH);

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void fuzzedMemberKeepsServing() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try (TestCluster cluster = new TestCluster(3, 1, 31)) {
      PiglixCacheManager target = cluster.start(0, settings -> settings, SERIALIZATION);
      PiglixCacheManager other = cluster.start(1, settings -> settings, SERIALIZATION);
      Cache<Integer, String> cache = other.createCache(CACHE,
          new MutableConfiguration<Integer, String>());
      for (int i = 0; i < 40; i++) {
        cache.put(i, "before-" + i);
      }
      ClusterNode targetNode = TestCluster.node(target);
      Frames frames = framesLike(targetNode);

      try (JChannel fuzzer = fuzzerChannel(cluster);
          MessageDispatcher dispatcher = new MessageDispatcher(fuzzer, message -> null)) {
        fuzzer.connect(cluster.clusterName());
        Address address = targetNode.localAddress();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> targetNode.view() != null && targetNode.view().size() == 3);
        long droppedBefore = targetNode.dropLog().droppedCount();

        FuzzRun run = sendFrames(dispatcher, address, frames);

        await().atMost(Duration.ofSeconds(60)).until(() -> targetNode.dropLog().droppedCount()
            - droppedBefore >= run.certainDrops);
        for (CompletableFuture<byte[]> reply : run.replies) {
          byte[] bytes = reply.get(30, TimeUnit.SECONDS);
          assertThat(frames.decode(bytes, 0, bytes.length))
              .isInstanceOfAny(Messages.Rejected.class, Messages.CacheReply.class);
        }
        assertThat(targetNode.dropLog().droppedCount() - droppedBefore)
            .isBetween((long) run.certainDrops, (long) FRAMES + 1);

        byte[] status = request(dispatcher, address, frames.encode(
            new Messages.StatusRequest()));
        assertThat(frames.decode(status, 0, status.length)).isInstanceOf(MemberStatus.class);
        assertThat(InitializationRecord.initialized).isFalse();
        assertServes(targetNode, other.getCache(CACHE));

        // Checked before the fuzzer leaves: JGroups may log a failed close of its socket.
        assertThat(List.copyOf(logs.list))
            .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
            .isNotEmpty()
            .allSatisfy(event -> assertThat(event.getLoggerName())
                .as("%s", event.getFormattedMessage()).isEqualTo(DropLog.class.getName()));
      }
    } finally {
      root.detachAppender(logs);
    }
  }

  /** Frames sent, with the number that no decoder can accept and the replies awaited. */
  private record FuzzRun(int certainDrops, List<CompletableFuture<byte[]>> replies) {
  }

  /**
   * Sends {@link #FRAMES} frames of five kinds in turn: random bytes, real frames mutated
   * without fixing the checksum, real frames with a mutated body and a fixed checksum, random
   * bodies with a fixed checksum, and a frame naming a class outside the allow list. Every
   * 50th frame is a request whose reply the run keeps; the others are one-way.
   */
  private static FuzzRun sendFrames(MessageDispatcher dispatcher, Address target,
      Frames frames) throws Exception {
    Random random = new Random(SEED);
    List<byte[]> realFrames = List.of(
        frames.encode(new Messages.StatusRequest()),
        frames.encode(new Messages.Hello(new Messages.MemberInfo("fuzzer", 2, 31,
            io.piglix.configuration.MemberRole.CLIENT, 0, "digest", "other-cluster",
            Map.of(1000, "com.example.Order"), List.of("package com.example")))),
        frames.encode(new Messages.Replicate("piglix:absent", "absent", List.of())),
        absentCacheRequest(frames));
    byte[] absentRequest = absentCacheRequest(frames);
    int certainDrops = 0;
    List<CompletableFuture<byte[]>> replies = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      byte[] frame;
      switch (i % 5) {
        case 0 -> {
          frame = new byte[random.nextInt(300)];
          random.nextBytes(frame);
          certainDrops++;
        }
        case 1 -> {
          frame = mutate(realFrames.get(random.nextInt(realFrames.size())), 0, random);
          certainDrops++;
        }
        case 2 -> frame = FramesTest.frameOf(bodyOf(
            mutate(absentRequest, Frames.HEADER_BYTES + 2, random)));
        case 3 -> {
          byte[] body = new byte[2 + random.nextInt(200)];
          random.nextBytes(body);
          body[0] = absentRequest[Frames.HEADER_BYTES];
          body[1] = absentRequest[Frames.HEADER_BYTES + 1];
          frame = FramesTest.frameOf(body);
        }
        default -> {
          frame = forbiddenClassFrame(random);
          certainDrops++;
        }
      }
      Message message = new BytesMessage(target, frame);
      if (i % 50 == 0) {
        replies.add(dispatcher.sendMessageWithFuture(message,
            new RequestOptions(ResponseMode.GET_FIRST, 30_000)));
      } else {
        dispatcher.sendMessage(message, RequestOptions.ASYNC());
      }
    }
    return new FuzzRun(certainDrops, replies);
  }

  /**
   * Returns a changed copy of a frame: bits flipped, bytes overwritten, inserted or removed,
   * or the frame cut or extended, all at or after {@code from}.
   */
  private static byte[] mutate(byte[] frame, int from, Random random) {
    byte[] mutated = frame.clone();
    int changes = 1 + random.nextInt(4);
    for (int c = 0; c < changes; c++) {
      int span = mutated.length - from;
      int at = from + (span <= 0 ? 0 : random.nextInt(span));
      switch (random.nextInt(5)) {
        case 0 -> {
          if (at < mutated.length) {
            mutated[at] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> {
          if (at < mutated.length) {
            mutated[at] = (byte) (mutated[at] + 1 + random.nextInt(255));
          }
        }
        case 2 -> mutated = splice(mutated, at, 0, 1 + random.nextInt(8), random);
        case 3 -> mutated = splice(mutated, at, Math.min(mutated.length - at,
            1 + random.nextInt(8)), 0, random);
        default -> mutated = java.util.Arrays.copyOf(mutated, Math.max(from,
            mutated.length + random.nextInt(64) - 32));
      }
    }
    if (java.util.Arrays.equals(mutated, frame)) {
      mutated = java.util.Arrays.copyOf(frame, frame.length + 1);
    }
    return mutated;
  }

  /** Replaces {@code removed} bytes at {@code at} with {@code inserted} random bytes. */
  private static byte[] splice(byte[] bytes, int at, int removed, int inserted,
      Random random) {
    int start = Math.min(at, bytes.length);
    byte[] insert = new byte[inserted];
    random.nextBytes(insert);
    byte[] result = new byte[bytes.length - removed + inserted];
    System.arraycopy(bytes, 0, result, 0, start);
    System.arraycopy(insert, 0, result, start, inserted);
    System.arraycopy(bytes, start + removed, result, start + inserted,
        bytes.length - start - removed);
    return result;
  }

  private static byte[] bodyOf(byte[] frame) {
    return java.util.Arrays.copyOfRange(frame, Frames.HEADER_BYTES, frame.length);
  }

  private static byte[] absentCacheRequest(Frames frames) {
    return frames.encode(new Messages.CacheRequest("piglix:absent", "absent",
        new Messages.GetOp(new byte[] {1, 2, 3, 4})));
  }

  /**
   * Returns a frame with a valid header whose body names the class {@link FramesTest} names,
   * followed by random field bytes.
   */
  private static byte[] forbiddenClassFrame(Random random) {
    Output body = new Output(128);
    body.writeByte(1);
    body.writeVarInt(0, true);
    body.writeString(FramesTest.FORBIDDEN_CLASS);
    byte[] fields = new byte[random.nextInt(16)];
    random.nextBytes(fields);
    body.writeBytes(fields);
    return FramesTest.frameOf(body.toBytes());
  }

  private static byte[] request(MessageDispatcher dispatcher, Address target, byte[] frame)
      throws Exception {
    return dispatcher.<byte[]>sendMessageWithFuture(new BytesMessage(target, frame),
        new RequestOptions(ResponseMode.GET_FIRST, 30_000)).get(30, TimeUnit.SECONDS);
  }

  /**
   * Checks that the fuzzed member still serves its cache: every entry written before is
   * there, and new writes to keys it owns succeed.
   */
  private static void assertServes(ClusterNode target, Cache<Integer, String> cache) {
    KryoCodec keys = target.codec();
    int ownedByTarget = 0;
    for (int i = 0; i < 40; i++) {
      assertThat(cache.get(i)).isEqualTo("before-" + i);
      cache.put(i, "after-" + i);
      assertThat(cache.get(i)).isEqualTo("after-" + i);
      int partition = KeyHash.partition(KeyHash.of(keys.serialize(i)), 31);
      if (target.ownsPartition(partition)) {
        ownedByTarget++;
      }
    }
    assertThat(ownedByTarget).as("keys owned by the fuzzed member").isPositive();
  }

  /** Returns frames encoded exactly as the member's own, with the same registrations. */
  private static Frames framesLike(ClusterNode node) {
    KryoCodec codec = new KryoCodec(SERIALIZATION, FrameFuzzTest.class.getClassLoader());
    Frames.registerMessages(codec);
    assertThat(codec.registrationDigest()).isEqualTo(node.codec().registrationDigest());
    return new Frames(codec);
  }

  /** Returns an unconnected channel with the default stack on the pool's third port. */
  private static JChannel fuzzerChannel(TestCluster cluster) throws Exception {
    JChannel channel = new JChannel(FrameFuzzTest.class.getClassLoader()
        .getResourceAsStream("io/piglix/jgroups-tcp.xml"));
    TP transport = channel.getProtocolStack().getTransport();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    transport.setBindAddress(loopback);
    transport.setBindPort(cluster.ports().get(2));
    List<String> members = new ArrayList<>();
    for (int port : cluster.ports()) {
      members.add("127.0.0.1[" + port + "]");
    }
    TCPPING ping = channel.getProtocolStack().findProtocol(TCPPING.class);
    ping.setInitialHosts(ClusterNode.parseMembers(members));
    return channel;
  }
}
