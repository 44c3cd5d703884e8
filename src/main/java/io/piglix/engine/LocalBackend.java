package io.piglix.engine;

import io.piglix.internal.Binary;
import io.piglix.management.StatsRecorder;
import io.piglix.store.RecordStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.cache.processor.EntryProcessor;

/** Runs every operation on this member's engine: the backend of a standalone member. */
public final class LocalBackend implements CacheBackend {

  private final CacheEngine engine;
  private final Runnable onClose;

  /**
   * Creates a backend over an engine.
   *
   * @param engine the engine holding all entries of the cache
   * @param onClose runs when the backend closes, to release the engine
   */
  public LocalBackend(CacheEngine engine, Runnable onClose) {
    this.engine = engine;
    this.onClose = onClose;
  }

  /** The engine this backend runs operations on. */
  public CacheEngine engine() {
    return engine;
  }

  @Override
  public Binary get(Binary key, StatsRecorder stats) {
    return engine.get(key, stats);
  }

  @Override
  public Map<Binary, Binary> getAll(Collection<Binary> keys, StatsRecorder stats) {
    return engine.getAll(keys, stats);
  }

  @Override
  public boolean containsKey(Binary key) {
    return engine.containsKey(key);
  }

  @Override
  public WriteResult put(Binary key, Binary value, PutMode mode, StatsRecorder stats) {
    return engine.put(key, value, mode, stats);
  }

  @Override
  public boolean replace(Binary key, Binary expected, Binary value, StatsRecorder stats) {
    return engine.replace(key, expected, value, stats);
  }

  @Override
  public WriteResult remove(Binary key, boolean countRead, StatsRecorder stats) {
    return engine.remove(key, countRead, stats);
  }

  @Override
  public boolean removeIfEquals(Binary key, Binary expected, StatsRecorder stats) {
    return engine.removeIfEquals(key, expected, stats);
  }

  @Override
  public void putAll(List<Binary[]> entries, StatsRecorder stats) {
    engine.putAll(entries, true, true, true, stats);
  }

  @Override
  public void removeAll(Collection<Binary> keys, StatsRecorder stats) {
    engine.removeAll(keys, stats);
  }

  @Override
  public void removeEverything(StatsRecorder stats) {
    engine.removeEverything(stats);
  }

  @Override
  public void clear() {
    engine.clear();
  }

  @Override
  public Object invoke(Binary key, EntryProcessor<Object, Object, ?> processor,
      Object[] arguments, StatsRecorder stats) {
    return engine.invoke(key, processor, arguments, stats);
  }

  @Override
  public Map<Binary, InvokeResult> invokeAll(List<Binary> keys,
      EntryProcessor<Object, Object, ?> processor, Object[] arguments, StatsRecorder stats) {
    return engine.invokeAll(keys, processor, arguments, stats);
  }

  @Override
  public void loadAll(Collection<Binary> keys, boolean replaceExisting) {
    engine.loadAll(keys, replaceExisting);
  }

  @Override
  public boolean hasLoader() {
    return engine.loader() != null;
  }

  @Override
  public Iterator<List<byte[][]>> entryBatches(StatsRecorder stats) {
    return new ScanIterator(engine, engine.scan(), stats);
  }

  @Override
  public void listenersChanged() {
  }

  @Override
  public void close() {
    onClose.run();
  }

  /**
   * Turns a store scan into batches of live entries, reading each entry again under its lock,
   * and closes the scan when exhausted.
   */
  static final class ScanIterator implements Iterator<List<byte[][]>> {

    private final CacheEngine engine;
    private final RecordStore.Scan scan;
    private final StatsRecorder stats;

    ScanIterator(CacheEngine engine, RecordStore.Scan scan, StatsRecorder stats) {
      this.engine = engine;
      this.scan = scan;
      this.stats = stats;
    }

    @Override
    public boolean hasNext() {
      return scan.hasMore();
    }

    @Override
    public List<byte[][]> next() {
      if (!scan.hasMore()) {
        throw new NoSuchElementException();
      }
      List<byte[][]> batch = scan.nextBatch();
      List<byte[][]> entries = new ArrayList<>(batch.size());
      for (byte[][] entry : batch) {
        byte[] value = engine.readForIterator(Binary.ofBytes(entry[0]), stats);
        if (value != null) {
          entries.add(new byte[][] {entry[0], value});
        }
      }
      return entries;
    }
  }
}
