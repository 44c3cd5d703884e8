package io.piglix.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.serialization.fixtures.Holder;
import io.piglix.serialization.fixtures.Node;
import io.piglix.serialization.fixtures.Order;
import io.piglix.serialization.fixtures.Point;
import io.piglix.serialization.forbidden.InitializationRecord;
import io.piglix.serialization.forbidden.Secret;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checks which classes the codec writes and reads, and that it never loads others. */
class KryoCodecAllowListTest {

  private static final String FORBIDDEN_CLASS =
      "io.piglix.serialization.forbidden.StaticInitFlag";

  private final KryoCodec codec = TestCodecs.allowingFixtures();

  @Test
  void record_roundTrip_equalCopy() {
    Point point = new Point(-1, 7, "home");

    assertThat(codec.deserialize(codec.serialize(point))).isEqualTo(point);
  }

  @Test
  void classWithoutNoArgConstructor_roundTrip_equalCopy() {
    Order order = new Order("o-7", new BigDecimal("19.90"),
        List.of(new Point(1, 2, "a"), new Point(3, 4, null)));

    Object copy = codec.deserialize(codec.serialize(order));

    assertThat(copy).isEqualTo(order);
    assertThat(copy).isNotSameAs(order);
  }

  @Test
  void arrayOfAllowedClass_roundTrip_equalCopy() {
    Point[] points = {new Point(1, 1, "x"), null};

    assertThat(codec.deserialize(codec.serialize(points))).isEqualTo(points);
  }

  @Test
  void jdkValueArrays_roundTrip_noAllowEntry() {
    Object[] values = {
        new Integer[] {1, null, 3},
        new Long[] {5L},
        new String[][] {{"a"}, {"b", "c"}},
        new UUID[] {new UUID(1, 2)},
        new LocalDate[] {LocalDate.of(2024, 5, 1)},
        new int[][] {{1}, {2, 3}}};

    for (Object value : values) {
      assertThat(codec.deserialize(codec.serialize(value)))
          .as(value.getClass().getName())
          .isEqualTo(value);
    }
  }

  @Test
  void disallowedClass_write_rejectedNamingClassAndFix() {
    assertThatThrownBy(() -> codec.serialize(new Secret()))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining("class " + Secret.class.getName() + " is not allowed")
        .hasMessageContaining("<allow-package name=\"io.piglix.serialization.forbidden\"/>")
        .hasMessageContaining("<allow-class name=\"" + Secret.class.getName() + "\"/>");
  }

  @Test
  void disallowedClass_write_exceptionNamesClass() {
    ClassNotAllowedException rejected = catchNotAllowed(() -> codec.serialize(new Secret()));

    assertThat(rejected.className()).isEqualTo(Secret.class.getName());
  }

  @Test
  void nestedDisallowedField_write_rejectedAsNotAllowed() {
    ClassNotAllowedException rejected =
        catchNotAllowed(() -> codec.serialize(new Holder(new Secret())));

    assertThat(rejected.className()).isEqualTo(Secret.class.getName());
  }

  @Test
  void disallowedListElement_write_rejectedAsNotAllowed() {
    List<Object> list = new ArrayList<>(List.of("ok", new Secret()));

    ClassNotAllowedException rejected = catchNotAllowed(() -> codec.serialize(list));

    assertThat(rejected.className()).isEqualTo(Secret.class.getName());
  }

  @Test
  void disallowedArray_write_namesElementClass() {
    ClassNotAllowedException rejected =
        catchNotAllowed(() -> codec.serialize(new Secret[] {new Secret()}));

    assertThat(rejected.className()).isEqualTo(Secret.class.getName());
  }

  @Test
  void jdkClassOutsideBuiltins_write_rejected() {
    ClassNotAllowedException rejected =
        catchNotAllowed(() -> codec.serialize(new Holder(Thread.currentThread())));

    assertThat(rejected.className()).isEqualTo(Thread.class.getName());
  }

  @Test
  void codec_afterRejection_stillWorks() {
    catchNotAllowed(() -> codec.serialize(new Holder(new Secret())));
    Map<String, Point> value = Map.of("p", new Point(0, 0, "origin"));

    assertThat(codec.deserialize(codec.serialize(value))).isEqualTo(value);
  }

  @Test
  void craftedName_allowedClass_decodes() {
    byte[] bytes = codec.serialize(new Node());

    assertThat(codec.deserialize(bytes)).isInstanceOf(Node.class);
  }

  @Test
  void craftedName_disallowedClass_rejectedWithoutLoading() {
    RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());
    KryoCodec reader = new KryoCodec(codec.config(), loader);
    byte[] crafted = renameClass(codec.serialize(new Node()), Node.class.getName(),
        FORBIDDEN_CLASS);

    assertThatThrownBy(() -> reader.deserialize(crafted))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining(FORBIDDEN_CLASS);
    assertThat(loader.requested()).doesNotContain(FORBIDDEN_CLASS);
    assertThat(InitializationRecord.initialized).isFalse();
  }

  @Test
  void craftedName_disallowedArray_rejectedWithoutLoading() {
    RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());
    KryoCodec reader = new KryoCodec(codec.config(), loader);
    String arrayName = "[L" + FORBIDDEN_CLASS + ";";
    byte[] crafted = renameClass(codec.serialize(new Point[0]), Point[].class.getName(),
        arrayName);

    assertThatThrownBy(() -> reader.deserialize(crafted))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining(FORBIDDEN_CLASS);
    assertThat(loader.requested()).doesNotContain(arrayName, FORBIDDEN_CLASS);
    assertThat(InitializationRecord.initialized).isFalse();
  }

  @Test
  void craftedName_unknownClass_rejectedNamingClass() {
    String missing = TestCodecs.FIXTURES + ".DoesNotExist";
    byte[] crafted = renameClass(codec.serialize(new Node()), Node.class.getName(), missing);

    assertThatThrownBy(() -> codec.deserialize(crafted))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("not found");
  }

  private static ClassNotAllowedException catchNotAllowed(Runnable action) {
    try {
      action.run();
    } catch (ClassNotAllowedException e) {
      return e;
    }
    throw new AssertionError("expected ClassNotAllowedException");
  }

  /**
   * Returns the bytes with one class name replaced by another. Kryo writes a class name in
   * ASCII with the high bit set on its last character, so names of any length fit.
   */
  static byte[] renameClass(byte[] bytes, String from, String to) {
    byte[] fromAscii = kryoAscii(from);
    int at = indexOf(bytes, fromAscii);
    assertThat(at).as("position of %s in the encoding", from).isNotNegative();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(kryoAscii(to));
    out.write(bytes, at + fromAscii.length, bytes.length - at - fromAscii.length);
    return out.toByteArray();
  }

  private static byte[] kryoAscii(String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    ascii[ascii.length - 1] |= (byte) 0x80;
    return ascii;
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }
}
