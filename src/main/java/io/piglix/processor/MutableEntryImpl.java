package io.piglix.processor;

import io.piglix.integration.Integration;
import io.piglix.internal.Binary;
import io.piglix.serialization.KryoCodec;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.MutableEntry;

/**
 * The entry an entry processor sees. It records what the processor did; the cache applies the
 * outcome once the processor returns.
 */
public final class MutableEntryImpl implements MutableEntry<Object, Object> {

  /** The net effect of the processor on the entry. */
  public enum Operation {
    /** Nothing observable. */
    NONE,
    /** Read the existing value. */
    ACCESS,
    /** Set a value where none existed. */
    CREATE,
    /** Loaded a value through the cache loader where none existed. */
    LOAD,
    /** Replaced an existing value. */
    UPDATE,
    /** Removed the entry. */
    REMOVE
  }

  private final Binary key;
  private final KryoCodec codec;
  private final byte[] storedValue;
  private final CacheLoader<Object, Object> loader;
  private Operation operation = Operation.NONE;
  private Object value;
  private boolean removedAbsent;

  /**
   * Creates the entry view.
   *
   * @param key the key
   * @param codec decodes the stored value
   * @param storedValue the serialized live value, or null when the entry is absent or expired
   * @param loader the loader for read-through, or null
   */
  public MutableEntryImpl(Binary key, KryoCodec codec, byte[] storedValue,
      CacheLoader<Object, Object> loader) {
    this.key = key;
    this.codec = codec;
    this.storedValue = storedValue;
    this.loader = loader;
  }

  @Override
  public Object getKey() {
    return key.object(codec);
  }

  @Override
  public Object getValue() {
    if (operation == Operation.NONE && storedValue != null && value == null) {
      value = codec.deserialize(storedValue);
    }
    if (value != null) {
      if (operation == Operation.NONE) {
        operation = Operation.ACCESS;
      }
      return value;
    }
    if (loader != null && operation != Operation.REMOVE) {
      value = Integration.load(loader, getKey());
      if (value != null) {
        operation = Operation.LOAD;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    if (operation == Operation.NONE) {
      return storedValue != null;
    }
    return value != null;
  }

  @Override
  public void remove() {
    if (operation == Operation.CREATE || operation == Operation.LOAD) {
      operation = Operation.NONE;
    } else {
      operation = storedValue == null ? Operation.NONE : Operation.REMOVE;
      if (storedValue == null) {
        removedAbsent = true;
      }
    }
    value = null;
  }

  @Override
  public void setValue(Object newValue) {
    if (newValue == null) {
      throw new NullPointerException("an entry processor cannot set a null value; call"
          + " remove() to remove the entry");
    }
    operation = storedValue == null ? Operation.CREATE : Operation.UPDATE;
    value = newValue;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a mutable entry to " + type.getName());
  }

  /** Returns whether the processor removed an entry that did not exist. */
  public boolean removedAbsent() {
    return removedAbsent;
  }

  /** The net effect of the processor. */
  public Operation operation() {
    return operation;
  }

  /** The value set or loaded by the processor, for CREATE, LOAD and UPDATE. */
  public Object value() {
    return value;
  }
}
