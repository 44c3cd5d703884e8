package io.piglix.event;

import io.piglix.internal.Binary;
import io.piglix.serialization.KryoCodec;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/** A JSR-107 event whose key and values are decoded on first access. */
public final class PiglixCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final transient KryoCodec codec;
  private final transient Binary key;
  private final transient byte[] valueBytes;
  private final transient byte[] oldValueBytes;
  private final boolean oldValueAvailable;
  private transient V value;
  private transient V oldValue;
  private transient boolean valueDecoded;
  private transient boolean oldValueDecoded;

  PiglixCacheEntryEvent(Cache<K, V> source, EventType type, KryoCodec codec, Binary key,
      byte[] value, byte[] oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.codec = codec;
    this.key = key;
    this.valueBytes = value;
    this.oldValueBytes = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  @Override
  @SuppressWarnings("unchecked")
  public K getKey() {
    return (K) key.object(codec);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getValue() {
    if (!valueDecoded) {
      value = valueBytes == null ? null : (V) codec.deserialize(valueBytes);
      valueDecoded = true;
    }
    return value;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V getOldValue() {
    if (!oldValueAvailable) {
      return null;
    }
    if (!oldValueDecoded) {
      oldValue = oldValueBytes == null ? null : (V) codec.deserialize(oldValueBytes);
      oldValueDecoded = true;
    }
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache entry event to " + type.getName());
  }

  @Override
  public String toString() {
    return "CacheEntryEvent{" + getEventType() + ", source=" + getSource().getName() + "}";
  }
}
