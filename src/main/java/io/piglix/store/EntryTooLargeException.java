package io.piglix.store;

import javax.cache.CacheException;

/** A key or value larger than the store accepts. The previous entry is left unchanged. */
public final class EntryTooLargeException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming what was too large, its size and the limit. */
  public EntryTooLargeException(String what, long size, long limit, String fix) {
    super(what + " of " + size + " bytes is larger than the limit of " + limit + " bytes; "
        + fix);
  }

  /**
   * Creates an exception from the message of the exception another member threw, so a caller
   * catches the same type whether the owner is local or remote.
   */
  public EntryTooLargeException(String message) {
    super(message);
  }
}
