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

  /**
   * Runs an entry processor on several keys, each as {@link #invoke} would, and returns every
   * key's outcome; a failure on one key does not stop the others.
   */
  Map<Binary, InvokeResult> invokeAll(List<Binary> keys,
      EntryProcessor<Object, Object, ?> processor, Object[] arguments, StatsRecorder stats);

  /** See {@link CacheEngine#loadAll}. */
  void loadAll(Collection<Binary> keys, boolean replaceExisting);

  /** Returns whether a loader is configured, so {@code loadAll} has work to do. */
  boolean hasLoader();

  /**
   * Returns the live entries of the whole cache as batches of {key, value} pairs, fetched
   * lazily. Each entry counts a hit and gets the access expiry when its batch is fetched.
   * Entries changed during the iteration may or may not appear.
   */
  Iterator<List<byte[][]>> entryBatches(StatsRecorder stats);

  /**
   * Tells the pool that the listeners of this member's views of the cache changed, so owners
   * know where to send events. A standalone member does nothing.
   */
  void listenersChanged();

  /** Releases this member's resources for the cache. */
  @Override
  void close();
}
