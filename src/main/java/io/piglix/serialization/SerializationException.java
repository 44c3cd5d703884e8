package io.piglix.serialization;

import javax.cache.CacheException;

/** A key, value or message that could not be serialized or deserialized. */
public class SerializationException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the class and the fix. */
  public SerializationException(String message) {
    super(message);
  }

  /** Creates an exception with a message naming the class and the fix, and its cause. */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
