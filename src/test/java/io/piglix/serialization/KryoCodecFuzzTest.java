package io.piglix.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.piglix.serialization.fixtures.Holder;
import io.piglix.serialization.fixtures.Node;
import io.piglix.serialization.fixtures.Order;
import io.piglix.serialization.fixtures.Point;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder random, truncated and bit-flipped bytes. Whatever the bytes, decoding must
 * either return an object or throw {@link SerializationException}.
 */
class KryoCodecFuzzTest {

  private static final int CASES = 10_000;
  private static final long SEED = 0x5EED_1E57L;

  private final KryoCodec codec = TestCodecs.allowingFixtures();

  @Test
  void randomBytes_decode_onlySerializationException() {
    Random random = new Random(SEED);
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      assertDecodesOrRejects(bytes);
    }
  }

  @Test
  void truncatedBytes_decode_onlySerializationException() {
    Random random = new Random(SEED + 1);
    List<byte[]> corpus = validEncodings();
    for (int i = 0; i < CASES; i++) {
      byte[] valid = corpus.get(random.nextInt(corpus.size()));
      byte[] truncated = Arrays.copyOf(valid, random.nextInt(valid.length));
      assertDecodesOrRejects(truncated);
    }
  }

  @Test
  void bitFlippedBytes_decode_onlySerializationException() {
    Random random = new Random(SEED + 2);
    List<byte[]> corpus = validEncodings();
    for (int i = 0; i < CASES; i++) {
      byte[] flipped = corpus.get(random.nextInt(corpus.size())).clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        int bit = random.nextInt(flipped.length * 8);
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      }
      assertDecodesOrRejects(flipped);
    }
  }

  @Test
  void builtinIdRandomTail_decode_onlySerializationException() {
    Random random = new Random(SEED + 3);
    List<Integer> ids = new ArrayList<>(BuiltinRegistrations.classesById().keySet());
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = new byte[1 + random.nextInt(32)];
      random.nextBytes(bytes);
      // Kryo writes a registered class as its id + 2, as an unsigned varint below 128 here.
      bytes[0] = (byte) (ids.get(random.nextInt(ids.size())) + 2);
      assertDecodesOrRejects(bytes);
    }
  }

  @Test
  void codec_afterFuzzing_stillRoundTrips() {
    Random random = new Random(SEED + 4);
    for (int i = 0; i < 1_000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      assertDecodesOrRejects(bytes);
    }
    Point point = new Point(3, 4, "after");

    assertThat(codec.deserialize(codec.serialize(point))).isEqualTo(point);
  }

  private void assertDecodesOrRejects(byte[] bytes) {
    try {
      codec.deserialize(bytes);
    } catch (SerializationException expected) {
      // Rejecting malformed bytes is the expected outcome.
    } catch (Throwable unexpected) {
      fail("decoding " + HexFormat.of().formatHex(bytes) + " threw " + unexpected, unexpected);
    }
  }

  private List<byte[]> validEncodings() {
    List<Object> values = new ArrayList<>();
    values.add("text");
    values.add(42L);
    values.add(new Point(1, 2, "p"));
    values.add(new Order("o-1", new BigDecimal("9.99"),
        List.of(new Point(1, 1, "a"), new Point(2, 2, "b"))));
    values.add(new Holder(List.of(UUID.randomUUID(), LocalDate.of(2024, 1, 1))));
    values.add(new TreeMap<>(Map.of("a", List.of(1, 2), "b", Map.of("c", new int[] {3}))));
    values.add(Node.chain(20));
    values.add(new Object[] {"x", new long[] {1, 2}, new Point[] {new Point(0, 0, null)}});
    List<byte[]> encodings = new ArrayList<>();
    for (Object value : values) {
      encodings.add(codec.serialize(value));
    }
    return encodings;
  }
}
