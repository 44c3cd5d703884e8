package io.piglix.internal;

import javax.cache.Cache;

/** An immutable cache entry, as passed to writers and returned by iterators. */
public final class PiglixEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  /** Creates an entry. */
  public PiglixEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache entry to " + type.getName());
  }

  @Override
  public String toString() {
    return "Entry{" + key + "=" + value + "}";
  }
}
