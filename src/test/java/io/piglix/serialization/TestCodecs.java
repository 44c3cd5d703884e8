package io.piglix.serialization;

import java.util.List;
import java.util.Map;

/** Builds codecs for tests. */
final class TestCodecs {

  /** The package of the test value classes that the default test codec allows. */
  static final String FIXTURES = "io.piglix.serialization.fixtures";

  private TestCodecs() {
  }

  /** Returns a codec that allows the fixtures package, with the default limits. */
  static KryoCodec allowingFixtures() {
    return new KryoCodec(config(List.of(FIXTURES), List.of(), Map.of(),
        SerializationConfig.DEFAULT_MAX_OBJECT_SIZE, SerializationConfig.DEFAULT_MAX_DEPTH),
        TestCodecs.class.getClassLoader());
  }

  /** Returns settings with the given allow list, registrations and limits. */
  static SerializationConfig config(List<String> packages, List<String> classes,
      Map<String, Integer> registrations, int maxObjectSize, int maxDepth) {
    return new SerializationConfig(new ClassAllowList(packages, classes), registrations,
        maxObjectSize, maxDepth);
  }
}
