package io.piglix.engine;

import io.piglix.internal.Binary;
import io.piglix.management.StatsRecorder;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.cache.processor.EntryProcessor;

/**
 * The operations a cache facade sends to where entries live, on serialized keys and values.
 * A standalone member runs them on its own {@link CacheEngine}; a clustered member routes each
 * key to the member that owns its partition.
 */
public interface CacheBackend extends AutoCloseable {

  /** See {@link CacheEngine#get}. */
  Binary get(Binary key, StatsRecorder stats);

  /** See {@link CacheEngine#getAll}. */
  Map<Binary, Binary> getAll(Collection<Binary> keys, StatsRecorder stats);

  /** See {@link CacheEngine#containsKey}. */
  boolean containsKey(Binary key);

  /** See {@link CacheEngine#put}. */
  WriteResult put(Binary key, Binary value, PutMode mode, StatsRecorder stats);

  /** See {@link CacheEngine#replace}. */
  boolean replace(Binary key, Binary expected, Binary value, StatsRecorder stats);

  /** See {@link CacheEngine#remove}. */
  WriteResult remove(Binary key, boolean countRead, StatsRecorder stats);

  /** See {@link CacheEngine#removeIfEquals}. */
  boolean removeIfEquals(Binary key, Binary expected, StatsRecorder stats);

  /** Stores entries with write-through and put statistics; see {@link CacheEngine#putAll}. */
  void putAll(List<Binary[]> entries, StatsRecorder stats);

  /** See {@link CacheEngine#removeAll(Collection, StatsRecorder)}. */
  void removeAll(Collection<Binary> keys, StatsRecorder stats);

  /** Removes every entry of the cache; see {@link CacheEngine#removeEverything}. */
  void removeEverything(StatsRecorder stats);

  /** Removes every entry of the cache without writer, events or statistics. */
  void clear();

  /** See {@link CacheEngine#invoke}. */
  Object invoke(Binary key, EntryProcessor<Object, Object, ?> processor, Object[] arguments,
      StatsRecorder stats);

  /** See {@link CacheEngine#loadAll}. */
  void loadAll(Collection<Binary> keys, boolean replaceExisting);

  /** Returns whether a loader is configured, so {@code loadAll} has work to do. */
  boolean hasLoader();

  /**
   * Returns batches of serialized keys over the whole cache, fetched lazily. Keys changed
   * during the iteration may or may not appear.
   */
  Iterator<List<byte[]>> keyBatches();

  /** See {@link CacheEngine#readForIterator}. */
  byte[] readForIterator(Binary key, StatsRecorder stats);

  /** Releases this member's resources for the cache. */
  @Override
  void close();
}
