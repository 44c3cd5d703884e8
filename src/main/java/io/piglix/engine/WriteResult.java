package io.piglix.engine;

/**
 * The outcome of a conditional or value-returning write.
 *
 * @param applied whether the write changed the entry
 * @param oldValue the serialized value before the write, or null when there was none
 */
public record WriteResult(boolean applied, byte[] oldValue) {

  /** A write that changed nothing and found no value. */
  public static final WriteResult NOT_APPLIED = new WriteResult(false, null);
}
