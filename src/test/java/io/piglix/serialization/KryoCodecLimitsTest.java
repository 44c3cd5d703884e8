package io.piglix.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.serialization.fixtures.Legacy;
import io.piglix.serialization.fixtures.Node;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the size and depth limits on encoding and decoding. */
class KryoCodecLimitsTest {

  private static final int SMALL_LIMIT = 4096;
  private static final ClassLoader LOADER = KryoCodecLimitsTest.class.getClassLoader();

  /** Most bytes a rejected crafted input may make the decoder allocate. */
  private static final long ALLOCATION_BUDGET = 16L << 20;

  private static KryoCodec codec(int maxObjectSize, int maxDepth) {
    return new KryoCodec(TestCodecs.config(List.of(TestCodecs.FIXTURES), List.of(), Map.of(),
        maxObjectSize, maxDepth), LOADER);
  }

  @Test
  void oversizedValue_serialize_failsWithLimit() {
    KryoCodec codec = codec(SMALL_LIMIT, 200);

    assertThatThrownBy(() -> codec.serialize(new byte[SMALL_LIMIT + 1]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("more than the limit of " + SMALL_LIMIT + " bytes")
        .hasMessageContaining("max-object-size");
  }

  @Test
  void oversizedNestedValue_serialize_failsWithLimit() {
    KryoCodec codec = codec(SMALL_LIMIT, 200);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add("line " + i + " of a list that is too long for the limit");
    }

    assertThatThrownBy(() -> codec.serialize(Map.of("lines", lines)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(String.valueOf(SMALL_LIMIT));
  }

  @Test
  void oversizedJavaSerializedValue_serialize_failsWithLimit() {
    KryoCodec codec = codec(SMALL_LIMIT, 200);
    Legacy large = new Legacy("large", "x".repeat(SMALL_LIMIT * 2));

    assertThatThrownBy(() -> codec.serialize(large))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("more than the limit of " + SMALL_LIMIT + " bytes");
  }

  @Test
  void valueAtLimit_serialize_succeeds() {
    KryoCodec codec = codec(SMALL_LIMIT, 200);
    byte[] value = new byte[SMALL_LIMIT - 16];

    assertThat(codec.deserialize(codec.serialize(value))).isEqualTo(value);
  }

  @Test
  void codec_afterOverflow_stillWorks() {
    KryoCodec codec = codec(SMALL_LIMIT, 200);
    assertThatThrownBy(() -> codec.serialize(new byte[SMALL_LIMIT * 4]))
        .isInstanceOf(SerializationException.class);

    assertThat(codec.deserialize(codec.serialize("small"))).isEqualTo("small");
  }

  @Test
  void graphDeeperThanMax_serialize_failsNamingDepth() {
    KryoCodec codec = codec(SMALL_LIMIT, 50);

    assertThatThrownBy(() -> codec.serialize(Node.chain(60)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Node.class.getName())
        .hasMessageContaining("depth");
  }

  @Test
  void codec_afterDepthFailure_stillWorks() {
    KryoCodec codec = codec(SMALL_LIMIT, 50);
    assertThatThrownBy(() -> codec.serialize(Node.chain(60)))
        .isInstanceOf(SerializationException.class);

    Object copy = codec.deserialize(codec.serialize(Node.chain(40)));

    assertThat(((Node) copy).length()).isEqualTo(40);
  }

  @Test
  void graphDeeperThanMax_deserialize_fails() {
    byte[] deep = codec(1 << 20, 1000).serialize(Node.chain(300));
    KryoCodec shallow = codec(1 << 20, 100);

    assertThatThrownBy(() -> shallow.deserialize(deep))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("depth");
  }

  @Test
  void stackOverflow_serialize_becomesSerializationException() {
    KryoCodec codec = codec(64 << 20, Integer.MAX_VALUE);

    assertThatThrownBy(() -> codec.serialize(Node.chain(500_000)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("nested too deeply");
    assertThat(codec.deserialize(codec.serialize("after"))).isEqualTo("after");
  }

  @Test
  void stackOverflow_deserialize_becomesSerializationException() throws Exception {
    KryoCodec codec = codec(64 << 20, Integer.MAX_VALUE);
    byte[] deep = serializeOnLargeStack(codec, Node.chain(500_000));

    assertThatThrownBy(() -> codec.deserialize(deep))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("nested too deeply");
    assertThat(codec.deserialize(codec.serialize("after"))).isEqualTo("after");
  }

  static Stream<Arguments> countedValues() {
    return Stream.of(
        counted("byte[]", n -> new byte[n], false),
        counted("int[]", n -> new int[n], false),
        counted("long[]", n -> new long[n], false),
        counted("double[]", n -> new double[n], false),
        counted("char[]", n -> new char[n], false),
        counted("Object[]", n -> filled(n), false),
        counted("String[]", n -> Arrays.copyOf(new String[] {"s", "s"}, n), false),
        counted("String", n -> "ü".repeat(n), true),
        counted("StringBuilder", n -> new StringBuilder("ü".repeat(n)), true),
        counted("ArrayList", n -> new ArrayList<>(Arrays.asList(filled(n))), true),
        counted("List.of", n -> List.of(filled(n)), true),
        counted("Set.of", n -> n == 1 ? Set.of(7) : Set.of(7, 8), true),
        counted("HashSet", n -> new HashSet<>(Arrays.asList(n == 1 ? 1 : 2, 1)), true),
        counted("Arrays.asList", n -> Arrays.asList(filled(n)), true),
        counted("PriorityQueue", n -> new PriorityQueue<>(Arrays.asList(filled(n))), true),
        counted("BitSet", n -> bitsInWords(n), false),
        counted("BigInteger", n -> BigInteger.ONE.shiftLeft(n * 8), false));
  }

  private static Arguments counted(String name, IntFunction<Object> sized, boolean flagged) {
    return Arguments.of(name, sized, flagged);
  }

  private static BitSet bitsInWords(int words) {
    BitSet bits = new BitSet();
    bits.set(64 * words - 1);
    return bits;
  }

  private static Object[] filled(int count) {
    Object[] values = new Object[count];
    Arrays.fill(values, 7);
    return values;
  }

  /**
   * Crafts bytes that declare about 2^30 elements and checks that decoding rejects them before
   * allocating for that count. A size one encoding and a size two encoding differ first at the
   * count, which is replaced by a five-byte count.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("countedValues")
  void hugeElementCount_deserialize_rejectedWithoutAllocating(String name,
      IntFunction<Object> sized, boolean flagged) {
    KryoCodec codec = codec(SerializationConfig.DEFAULT_MAX_OBJECT_SIZE, 200);
    byte[] one = codec.serialize(sized.apply(1));
    byte[] two = codec.serialize(sized.apply(2));
    byte[] crafted = withHugeCount(one, two, flagged);

    long before = allocatedBytes();
    assertThatThrownBy(() -> codec.deserialize(crafted))
        .isInstanceOf(SerializationException.class);
    long allocated = allocatedBytes() - before;

    assertThat(allocated).isLessThan(ALLOCATION_BUDGET);
  }

  private static byte[] withHugeCount(byte[] one, byte[] two, boolean flagged) {
    int at = Arrays.mismatch(one, two);
    assertThat(at).as("first differing byte").isNotNegative();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(one, 0, at);
    if (flagged) {
      // Kryo's flagged variable-length int: bit 7 is the flag, bit 6 marks that more bytes
      // follow and bits 0-5 are the low bits. Low bits 0 and 2^24 in the next bytes make 2^30.
      out.write((one[at] & 0x80) | 0x40);
      out.writeBytes(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08});
    } else {
      // A plain unsigned variable-length int of 2^30.
      out.writeBytes(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04});
    }
    out.writeBytes(new byte[16]);
    return out.toByteArray();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static byte[] serializeOnLargeStack(KryoCodec codec, Object value) throws Exception {
    AtomicReference<byte[]> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        result.set(codec.serialize(value));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "large-stack-serializer", 1L << 30);
    thread.start();
    thread.join();
    assertThat(failure.get()).isNull();
    return result.get();
  }
}
