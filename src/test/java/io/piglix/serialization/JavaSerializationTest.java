package io.piglix.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.piglix.serialization.fixtures.Legacy;
import io.piglix.serialization.fixtures.Unserializable;
import io.piglix.serialization.forbidden.Secret;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checks classes with their own writeObject or readObject, which use Java serialization. */
class JavaSerializationTest {

  private static final String FORBIDDEN = "io.piglix.serialization.forbidden";

  private final KryoCodec codec = TestCodecs.allowingFixtures();

  @Test
  void customReadObject_roundTrip_rebuildsTransientState() {
    Legacy legacy = new Legacy("mixed Case", List.of(1, 2));

    Legacy copy = (Legacy) codec.deserialize(codec.serialize(legacy));

    assertThat(copy.name()).isEqualTo("mixed Case");
    assertThat(copy.payload()).isEqualTo(List.of(1, 2));
    assertThat(copy.upperName()).isEqualTo("MIXED CASE");
  }

  @Test
  void allowedNestedValues_roundTrip_equalPayload() {
    Map<String, Object> payload = Map.of("id", new UUID(3, 4), "amount", new BigDecimal("1.5"),
        "date", LocalDate.of(2024, 2, 29), "numbers", new ArrayList<>(List.of(1L, 2L)),
        "names", new String[] {"a", "b"});

    Legacy copy = (Legacy) codec.deserialize(codec.serialize(new Legacy("n", payload)));

    assertThat(copy.payload()).usingRecursiveComparison().isEqualTo(payload);
  }

  @Test
  void disallowedNestedClass_write_rejectedNamingClass() {
    Legacy legacy = new Legacy("n", new Secret());

    assertThatThrownBy(() -> codec.serialize(legacy))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining(Secret.class.getName());
  }

  @Test
  void disallowedNestedClass_read_rejectedByFilter() {
    KryoCodec writer = new KryoCodec(TestCodecs.config(List.of(TestCodecs.FIXTURES, FORBIDDEN),
        List.of(), Map.of(), 1 << 20, 100), getClass().getClassLoader());
    byte[] bytes = writer.serialize(new Legacy("n", new Secret()));

    assertThatThrownBy(() -> codec.deserialize(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Secret.class.getName())
        .hasMessageContaining("not allowed");
  }

  @Test
  void disallowedNestedClass_read_neverRequestedFromLoader() {
    KryoCodec writer = new KryoCodec(TestCodecs.config(List.of(TestCodecs.FIXTURES, FORBIDDEN),
        List.of(), Map.of(), 1 << 20, 100), getClass().getClassLoader());
    byte[] bytes = writer.serialize(new Legacy("n", new Secret()));
    RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());
    KryoCodec reader = new KryoCodec(codec.config(), loader);

    assertThatThrownBy(() -> reader.deserialize(bytes))
        .isInstanceOf(SerializationException.class);
    assertThat(loader.requested()).doesNotContain(Secret.class.getName());
  }

  @Test
  void recordInsideJavaSerialization_serialize_failsNamingClass() {
    Legacy legacy = new Legacy("n", new io.piglix.serialization.fixtures.Point(1, 2, "p"));

    assertThatThrownBy(() -> codec.serialize(legacy))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("io.piglix.serialization.fixtures.Point");
  }

  @Test
  void throwingWriteObject_serialize_failsNamingClass() {
    assertThatThrownBy(() -> codec.serialize(new Unserializable()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Unserializable.class.getName());
  }

  @Test
  void codec_afterWriteFailure_stillWorks() {
    assertThatThrownBy(() -> codec.serialize(new Unserializable()))
        .isInstanceOf(SerializationException.class);

    Legacy copy = (Legacy) codec.deserialize(codec.serialize(new Legacy("again", 1)));

    assertThat(copy.upperName()).isEqualTo("AGAIN");
  }
}
