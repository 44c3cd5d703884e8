package io.piglix.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.serialization.fixtures.Node;
import io.piglix.serialization.fixtures.Order;
import io.piglix.serialization.fixtures.Point;
import io.piglix.serialization.forbidden.Secret;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks that fixed registration ids and the registration digest agree between members. */
class KryoCodecRegistrationTest {

  private static final ClassLoader LOADER = KryoCodecRegistrationTest.class.getClassLoader();
  private static final int MAX_SIZE = SerializationConfig.DEFAULT_MAX_OBJECT_SIZE;
  private static final int MAX_DEPTH = SerializationConfig.DEFAULT_MAX_DEPTH;

  private static SerializationConfig config(List<String> packages, List<String> classes,
      Map<String, Integer> registrations) {
    return TestCodecs.config(packages, classes, registrations, MAX_SIZE, MAX_DEPTH);
  }

  private static Map<String, Integer> registrations() {
    Map<String, Integer> registrations = new LinkedHashMap<>();
    registrations.put(Point.class.getName(), 1000);
    registrations.put(Order.class.getName(), 1001);
    return registrations;
  }

  private static KryoCodec codec(SerializationConfig config) {
    return new KryoCodec(config, LOADER);
  }

  @Test
  void sameConfig_twoCodecs_sameIds() {
    SerializationConfig config = config(List.of(TestCodecs.FIXTURES), List.of(), registrations());
    KryoCodec first = codec(config);
    KryoCodec second = codec(config);

    assertThat(first.registrationOf(Point.class).getId()).isEqualTo(1000);
    assertThat(second.registrationOf(Point.class).getId()).isEqualTo(1000);
    assertThat(first.registrationOf(Order.class).getId()).isEqualTo(1001);
    assertThat(second.registrationOf(Order.class).getId()).isEqualTo(1001);
    assertThat(first.registrationTable()).isEqualTo(second.registrationTable());
  }

  @Test
  void registrationTable_listsBuiltinsAndApplicationIds() {
    KryoCodec codec = codec(config(List.of(), List.of(), registrations()));

    Map<Integer, String> table = codec.registrationTable();

    assertThat(table).containsEntry(23, "java.util.UUID");
    assertThat(table).containsEntry(1000, Point.class.getName());
    assertThat(table).containsEntry(1001, Order.class.getName());
  }

  @Test
  void registeredClass_writtenById_notByName() {
    KryoCodec codec = codec(config(List.of(), List.of(), registrations()));

    byte[] bytes = codec.serialize(new Point(1, 2, "p"));

    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("Point");
    assertThat(codec.deserialize(bytes)).isEqualTo(new Point(1, 2, "p"));
  }

  @Test
  void registeredClass_decodedByOtherCodec_equalValue() {
    SerializationConfig config = config(List.of(), List.of(), registrations());
    Order order = new Order("o", null, List.of(new Point(5, 6, "s")));

    Object copy = codec(config).deserialize(codec(config).serialize(order));

    assertThat(copy).isEqualTo(order);
  }

  @Test
  void registeredClassArray_roundTrip_withoutAllowEntry() {
    KryoCodec codec = codec(config(List.of(), List.of(), registrations()));
    Point[] points = {new Point(1, 2, "p")};

    assertThat(codec.deserialize(codec.serialize(points))).isEqualTo(points);
  }

  @Test
  void digest_sameConfig_equal() {
    SerializationConfig config = config(List.of(TestCodecs.FIXTURES), List.of(), registrations());

    assertThat(codec(config).registrationDigest())
        .isEqualTo(codec(config).registrationDigest());
  }

  @Test
  void digest_sameConfigDifferentOrder_equal() {
    SerializationConfig forward = config(List.of("a.b", "c.d"), List.of("x.Y", "x.Z"),
        registrations());
    SerializationConfig backward = config(List.of("c.d", "a.b"), List.of("x.Z", "x.Y"),
        registrations());

    assertThat(codec(forward).registrationDigest())
        .isEqualTo(codec(backward).registrationDigest());
  }

  @Test
  void digest_extraAllowedPackage_differs() {
    String base = codec(config(List.of(TestCodecs.FIXTURES), List.of(), registrations()))
        .registrationDigest();
    String extra = codec(config(List.of(TestCodecs.FIXTURES, "com.example"), List.of(),
        registrations())).registrationDigest();

    assertThat(extra).isNotEqualTo(base);
  }

  @Test
  void digest_extraAllowedClass_differs() {
    String base = codec(config(List.of(), List.of(), registrations())).registrationDigest();
    String extra = codec(config(List.of(), List.of(Node.class.getName()), registrations()))
        .registrationDigest();

    assertThat(extra).isNotEqualTo(base);
  }

  @Test
  void digest_changedRegistrationId_differs() {
    Map<String, Integer> moved = registrations();
    moved.put(Order.class.getName(), 1002);

    String base = codec(config(List.of(), List.of(), registrations())).registrationDigest();
    String changed = codec(config(List.of(), List.of(), moved)).registrationDigest();

    assertThat(changed).isNotEqualTo(base);
  }

  @Test
  void digest_changedRegisteredClass_differs() {
    Map<String, Integer> swapped = registrations();
    swapped.remove(Order.class.getName());
    swapped.put(Node.class.getName(), 1001);

    String base = codec(config(List.of(), List.of(), registrations())).registrationDigest();
    String changed = codec(config(List.of(), List.of(), swapped)).registrationDigest();

    assertThat(changed).isNotEqualTo(base);
  }

  @Test
  void digest_internalRegistration_differs() {
    SerializationConfig config = config(List.of(), List.of(), Map.of());
    KryoCodec withInternal = codec(config);
    withInternal.registerInternal(300, Node.class);

    assertThat(withInternal.registrationDigest())
        .isNotEqualTo(codec(config).registrationDigest());
  }

  @Test
  void registerInternal_afterFirstUse_rejected() {
    KryoCodec codec = codec(SerializationConfig.defaults());
    codec.serialize("warm up");

    assertThatThrownBy(() -> codec.registerInternal(300, Node.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Node.class.getName())
        .hasMessageContaining("first used");
  }

  @Test
  void registerInternal_idOutOfRange_rejected() {
    KryoCodec codec = codec(SerializationConfig.defaults());

    assertThatThrownBy(() -> codec.registerInternal(1000, Node.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000");
  }

  @Test
  void registrationBelowApplicationRange_rejected() {
    Map<String, Integer> low = Map.of(Point.class.getName(), 999);

    assertThatThrownBy(() -> config(List.of(), List.of(), low))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Point.class.getName())
        .hasMessageContaining("999");
  }

  @Test
  void registeredMissingClass_use_failsNamingClass() {
    String missing = TestCodecs.FIXTURES + ".Missing";
    KryoCodec codec = codec(config(List.of(), List.of(), Map.of(missing, 1000)));

    assertThatThrownBy(() -> codec.serialize("x"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("not found");
  }

  @Test
  void registeredButNotAllowedClass_roundTrips() {
    KryoCodec codec = codec(config(List.of(), List.of(), Map.of(Secret.class.getName(), 1005)));

    assertThat(codec.deserialize(codec.serialize(new Secret()))).isInstanceOf(Secret.class);
  }
}
