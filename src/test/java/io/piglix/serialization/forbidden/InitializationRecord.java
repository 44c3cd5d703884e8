package io.piglix.serialization.forbidden;

/** Records whether {@link StaticInitFlag} has been initialized in this JVM. */
public final class InitializationRecord {

  /** Set by the static initializer of {@link StaticInitFlag}. */
  public static volatile boolean initialized;

  private InitializationRecord() {
  }
}
