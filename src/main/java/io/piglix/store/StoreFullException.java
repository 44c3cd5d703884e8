package io.piglix.store;

import javax.cache.CacheException;

/**
 * A store reached the largest map its member's memory budget allows and has no room for an
 * entry. The capacity manager evicts entries to make room; the entry itself was not stored.
 */
public final class StoreFullException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the store, the entry size and the budget. */
  public StoreFullException(String message) {
    super(message);
  }
}
