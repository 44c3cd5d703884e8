package io.piglix.engine;

/** The single-key writes of {@link javax.cache.Cache} that store a value. */
public enum PutMode {
  /** {@code put}: store, whether or not a value exists. */
  PUT,
  /** {@code getAndPut}: store and return the previous value. */
  GET_AND_PUT,
  /** {@code putIfAbsent}: store only when no value exists. */
  PUT_IF_ABSENT,
  /** {@code replace(key, value)}: store only when a value exists. */
  REPLACE,
  /** {@code getAndReplace}: store only when a value exists, and return it. */
  GET_AND_REPLACE
}
