package io.piglix.configuration;

import javax.cache.CacheException;

/** A configuration file that is missing, unreadable or invalid. Nothing is started from it. */
public final class ConfigurationException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the file, position and fix. */
  public ConfigurationException(String message) {
    super(message);
  }

  /** Creates an exception with a message naming the file, position and fix, and a cause. */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
