package io.piglix.cluster;

import javax.cache.CacheException;

/** A member could not be reached, was suspected, or did not reply in time. */
public final class TransportException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the member and what failed. */
  public TransportException(String message) {
    super(message);
  }

  /** Creates an exception naming the member and what failed, with its cause. */
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
