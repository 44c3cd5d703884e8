package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import io.piglix.serialization.ClassAllowList;
import io.piglix.serialization.KryoCodec;
import io.piglix.serialization.SerializationConfig;
import io.piglix.serialization.SerializationException;
import io.piglix.serialization.forbidden.InitializationRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The frame format and every check a frame from the network passes before it is decoded. */
class FramesTest {

  /** Named only as a string, so this test never loads or initializes it itself. */
  static final String FORBIDDEN_CLASS = "io.piglix.serialization.forbidden.StaticInitFlag";

  private final Frames frames = newFrames(SerializationConfig.defaults());

  @Test
  void messageRoundTrips() {
    Messages.CacheRequest request = new Messages.CacheRequest("piglix:test", "orders",
        new Messages.PutAllOp(List.of(new byte[] {1, 2}), List.of(new byte[] {3})));

    byte[] frame = frames.encode(request);
    Messages.CacheRequest decoded = (Messages.CacheRequest) frames.decode(frame, 0,
        frame.length);

    assertThat(decoded.namespace()).isEqualTo("piglix:test");
    assertThat(decoded.name()).isEqualTo("orders");
    Messages.PutAllOp operation = (Messages.PutAllOp) decoded.operation();
    assertThat(operation.keys()).containsExactly(new byte[] {1, 2});
    assertThat(operation.values()).containsExactly(new byte[] {3});
  }

  @Test
  void headerHoldsVersionAndChecksum() {
    byte[] frame = frames.encode(new Messages.Rejected("reason"));

    CRC32C crc = new CRC32C();
    crc.update(frame, Frames.HEADER_BYTES, frame.length - Frames.HEADER_BYTES);
    assertThat(frame[0]).isEqualTo(Frames.FORMAT_VERSION);
    assertThat(ByteBuffer.wrap(frame, 1, 4).getInt()).isEqualTo((int) crc.getValue());
  }

  @Test
  void decodeAtOffset() {
    byte[] frame = frames.encode(new Messages.Rejected("reason"));
    byte[] padded = new byte[frame.length + 7];
    System.arraycopy(frame, 0, padded, 3, frame.length);

    assertThat(frames.decode(padded, 3, frame.length)).isEqualTo(new Messages.Rejected("reason"));
  }

  @Test
  void everyFlippedBitFailsChecksum() {
    byte[] frame = frames.encode(new Messages.Rejected("a reason long enough to flip"));
    for (int bit = Frames.HEADER_BYTES * 8; bit < frame.length * 8; bit++) {
      byte[] flipped = frame.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));

      assertThatThrownBy(() -> frames.decode(flipped, 0, flipped.length))
          .as("bit %d", bit)
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("failed its CRC32C check");
    }
  }

  @Test
  void shortFramesRejected() {
    for (int length = 0; length <= Frames.HEADER_BYTES; length++) {
      byte[] frame = new byte[length];
      assertThatThrownBy(() -> frames.decode(frame, 0, frame.length))
          .as("%d bytes", length)
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("is too short");
    }
  }

  @Test
  void oversizedFrameRejectedBeforeDecoding() {
    Frames small = newFrames(new SerializationConfig(ClassAllowList.empty(), Map.of(), 1024,
        SerializationConfig.DEFAULT_MAX_DEPTH));
    byte[] frame = new byte[small.maxFrameBytes() + 1];
    frame[0] = Frames.FORMAT_VERSION;

    assertThat(small.maxFrameBytes()).isEqualTo(1024 + Frames.HEADER_BYTES);
    assertThatThrownBy(() -> small.decode(frame, 0, frame.length))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("frame of 1030 bytes is larger than the maximum of 1029 bytes");
  }

  @Test
  void oldFormatVersionRejected() {
    byte[] frame = frames.encode(new Messages.Ack());
    frame[0] = 1;

    assertThatThrownBy(() -> frames.decode(frame, 0, frame.length))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("frame format version 1 is not supported")
        .hasMessageContaining("reads version 2");
  }

  @Test
  void classNameInFrameNeverInitialized() {
    Output body = new Output(64);
    body.writeByte(1);
    body.writeVarInt(0, true);
    body.writeString(FORBIDDEN_CLASS);
    body.writeVarInt(7, false);
    byte[] frame = frameOf(body.toBytes());

    assertThatThrownBy(() -> frames.decode(frame, 0, frame.length))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("class " + FORBIDDEN_CLASS + " is named in a cluster message");
    assertThat(InitializationRecord.initialized).isFalse();
  }

  @Test
  void unregisteredIdRejected() {
    Output body = new Output(16);
    body.writeVarInt(999 + 2, true);
    body.writeVarInt(0, true);
    byte[] frame = frameOf(body.toBytes());

    assertThatThrownBy(() -> frames.decode(frame, 0, frame.length))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("999");
  }

  @Test
  void nestingBeyondLimitRejected() {
    KryoCodec deepCodec = new KryoCodec(SerializationConfig.defaults(),
        FramesTest.class.getClassLoader());
    byte[] shallow = frameOf(deepCodec.serialize(nestedLists(KryoCodec.MESSAGE_MAX_DEPTH - 2)));
    byte[] deep = frameOf(deepCodec.serialize(nestedLists(KryoCodec.MESSAGE_MAX_DEPTH + 8)));

    assertThat(frames.decode(shallow, 0, shallow.length)).isInstanceOf(ArrayList.class);
    assertThatThrownBy(() -> frames.decode(deep, 0, deep.length))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Max depth exceeded");
  }

  @Test
  void unregisteredClassFailsAtSender() {
    Messages.CacheRequest request = new Messages.CacheRequest("piglix:test", "orders",
        new AtomicLong(3));

    assertThatThrownBy(() -> frames.encode(request))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(AtomicLong.class.getName())
        .hasMessageContaining("not registered");
  }

  private static Frames newFrames(SerializationConfig config) {
    KryoCodec codec = new KryoCodec(config, FramesTest.class.getClassLoader());
    Frames.registerMessages(codec);
    return new Frames(codec);
  }

  /** Wraps a body in a frame header with the current version and a matching checksum. */
  static byte[] frameOf(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer frame = ByteBuffer.allocate(Frames.HEADER_BYTES + body.length);
    frame.put(Frames.FORMAT_VERSION).putInt((int) crc.getValue()).put(body);
    return frame.array();
  }

  private static List<Object> nestedLists(int depth) {
    List<Object> outer = new ArrayList<>();
    List<Object> current = outer;
    for (int i = 1; i < depth; i++) {
      List<Object> inner = new ArrayList<>();
      current.add(inner);
      current = inner;
    }
    current.addAll(Arrays.asList(1, 2));
    return outer;
  }
}
