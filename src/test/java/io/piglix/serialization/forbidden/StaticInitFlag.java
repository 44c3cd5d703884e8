package io.piglix.serialization.forbidden;

/**
 * A class outside every test allow list whose static initializer records that it ran.
 *
 * <p>Tests must never touch this class directly: they name it only as a string, so the flag in
 * {@link InitializationRecord} shows whether piglix initialized it.
 */
public final class StaticInitFlag {

  static {
    InitializationRecord.initialized = true;
  }

  /** A field so the class has state to deserialize into. */
  public int value;
}
