package io.piglix.serialization;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for the Kryo codec: allowed application classes, fixed registration ids, and the
 * bounds applied to every encoded or decoded object.
 */
public final class SerializationConfig {

  /** Default limit on one serialized key or value, in bytes (16 MiB). */
  public static final int DEFAULT_MAX_OBJECT_SIZE = 16 << 20;

  /** Default limit on the nesting depth of an object graph. */
  public static final int DEFAULT_MAX_DEPTH = 200;

  private final ClassAllowList allowList;
  private final Map<String, Integer> registrations;
  private final int maxObjectSize;
  private final int maxDepth;

  /**
   * Creates settings.
   *
   * @param allowList application classes that may travel by name
   * @param registrations application class names with their fixed ids (at least 1000)
   * @param maxObjectSize limit on one serialized object, in bytes
   * @param maxDepth limit on the nesting depth of an object graph
   */
  public SerializationConfig(ClassAllowList allowList, Map<String, Integer> registrations,
      int maxObjectSize, int maxDepth) {
    this.allowList = Objects.requireNonNull(allowList, "allowList");
    this.registrations = Collections.unmodifiableMap(new LinkedHashMap<>(registrations));
    if (maxObjectSize < 1024) {
      throw new IllegalArgumentException("max object size must be at least 1024 bytes: "
          + maxObjectSize);
    }
    if (maxDepth < 8) {
      throw new IllegalArgumentException("max depth must be at least 8: " + maxDepth);
    }
    this.maxObjectSize = maxObjectSize;
    this.maxDepth = maxDepth;
    for (Map.Entry<String, Integer> entry : registrations.entrySet()) {
      if (entry.getValue() < BuiltinRegistrations.FIRST_APPLICATION_ID) {
        throw new IllegalArgumentException("registration id of " + entry.getKey() + " must be"
            + " at least " + BuiltinRegistrations.FIRST_APPLICATION_ID
            + " because lower ids are reserved: " + entry.getValue());
      }
    }
  }

  /** Returns settings that allow only the built-in JDK types. */
  public static SerializationConfig defaults() {
    return new SerializationConfig(ClassAllowList.empty(), Map.of(), DEFAULT_MAX_OBJECT_SIZE,
        DEFAULT_MAX_DEPTH);
  }

  /** Application classes that may travel by name. */
  public ClassAllowList allowList() {
    return allowList;
  }

  /** Application class names with their fixed ids, in declaration order. */
  public Map<String, Integer> registrations() {
    return registrations;
  }

  /** Limit on one serialized object, in bytes. */
  public int maxObjectSize() {
    return maxObjectSize;
  }

  /** Limit on the nesting depth of an object graph. */
  public int maxDepth() {
    return maxDepth;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SerializationConfig)) {
      return false;
    }
    SerializationConfig that = (SerializationConfig) other;
    return allowList.equals(that.allowList) && registrations.equals(that.registrations)
        && maxObjectSize == that.maxObjectSize && maxDepth == that.maxDepth;
  }

  @Override
  public int hashCode() {
    return Objects.hash(allowList, registrations, maxObjectSize, maxDepth);
  }
}
