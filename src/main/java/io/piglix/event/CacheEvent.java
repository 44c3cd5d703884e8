package io.piglix.event;

import io.piglix.internal.Binary;
import javax.cache.event.EventType;

/**
 * A change to one entry, produced where the entry is stored and delivered to listeners.
 *
 * <p>For {@link EventType#REMOVED} and {@link EventType#EXPIRED} events the value and the old
 * value are both the value the entry had.
 *
 * @param type what happened
 * @param key the serialized key
 * @param value the serialized new value, or the removed or expired value
 * @param oldValue the serialized previous value, or null for a created entry
 */
public record CacheEvent(EventType type, Binary key, byte[] value, byte[] oldValue) {

  /** An entry was created with a value. */
  public static CacheEvent created(Binary key, byte[] value) {
    return new CacheEvent(EventType.CREATED, key, value, null);
  }

  /** An entry's value was replaced. */
  public static CacheEvent updated(Binary key, byte[] value, byte[] oldValue) {
    return new CacheEvent(EventType.UPDATED, key, value, oldValue);
  }

  /** An entry was removed. */
  public static CacheEvent removed(Binary key, byte[] oldValue) {
    return new CacheEvent(EventType.REMOVED, key, oldValue, oldValue);
  }

  /** An entry expired. */
  public static CacheEvent expired(Binary key, byte[] oldValue) {
    return new CacheEvent(EventType.EXPIRED, key, oldValue, oldValue);
  }
}
