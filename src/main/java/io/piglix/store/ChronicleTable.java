package io.piglix.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import net.openhft.chronicle.hash.ChronicleHashClosedException;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An off-heap byte-array map that grows without a stop-the-world copy.
 *
 * <p>A Chronicle Map has a fixed capacity: past about twice its configured entries it throws.
 * When the entry count passes the configured capacity, or a put hits the limit, this table
 * creates a map twice as large and makes it current. The older maps become <em>draining</em>
 * maps: reads look in the current map first and then in the draining maps, writes go to the
 * current map and remove the key from the draining maps, and a background task moves the
 * remaining entries across. A draining map is closed once it is empty and no operation can
 * still reach it.
 *
 * <p>Concurrency: every per-key method must be called with the key's stripe of {@code locks}
 * held, and the mover takes the same stripe before moving a key, so a key is never seen in two
 * states at once. The mover finishes a map while holding all stripes, which waits out any
 * operation that read the previous generation.
 *
 * <p>A scan starts under all stripes and takes its snapshot of the maps there. While any scan
 * runs, the mover moves nothing, and a write to a key that lives in a draining map updates it
 * in place instead of moving it to the current map. So no key that exists throughout a scan
 * changes maps, and the scan returns it exactly once. The exception is an update too large for
 * the older map, which moves the key.
 */
final class ChronicleTable implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChronicleTable.class);
  private static final int MOVE_BATCH = 512;

  private final String name;
  private final StripedLocks locks;
  private final ToIntFunction<byte[]> stripeHash;
  private final Executor maintenance;
  private final int minValueSize;
  private final int maxValueSize;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong keyBytes = new AtomicLong();
  private final AtomicLong valueBytes = new AtomicLong();
  private final AtomicInteger activeScans = new AtomicInteger();
  private final AtomicBoolean moverScheduled = new AtomicBoolean();
  private volatile Generation generation;
  private volatile boolean closed;

  /** The current map and the older maps still being drained, newest first. */
  private static final class Generation {
    final ChronicleMap<byte[], byte[]> current;
    final long capacity;
    final List<ChronicleMap<byte[], byte[]>> draining;

    Generation(ChronicleMap<byte[], byte[]> current, long capacity,
        List<ChronicleMap<byte[], byte[]>> draining) {
      this.current = current;
      this.capacity = capacity;
      this.draining = List.copyOf(draining);
    }
  }

  /**
   * Creates a table.
   *
   * @param name name for logs and Chronicle Map
   * @param locks the stripes that guard keys
   * @param stripeHash the hash whose stripe guards a stored key
   * @param maintenance executor for the background mover
   * @param initialCapacity entries the first map is sized for
   * @param averageKeySize expected key size in bytes
   * @param averageValueSize expected value size in bytes
   * @param maxValueSize largest value this table accepts, used to bound the sizing
   */
  ChronicleTable(String name, StripedLocks locks, ToIntFunction<byte[]> stripeHash,
      Executor maintenance, long initialCapacity, int averageKeySize, int averageValueSize,
      int maxValueSize) {
    this.name = name;
    this.locks = locks;
    this.stripeHash = stripeHash;
    this.maintenance = maintenance;
    this.minValueSize = averageValueSize;
    this.maxValueSize = maxValueSize;
    this.generation = new Generation(
        createMap(initialCapacity, averageKeySize, averageValueSize), initialCapacity,
        List.of());
  }

  /** Returns the value stored for a key, or null. The key's stripe must be held. */
  byte[] get(byte[] key) {
    Generation g = generation;
    byte[] value = g.current.get(key);
    if (value == null) {
      for (ChronicleMap<byte[], byte[]> older : g.draining) {
        value = older.get(key);
        if (value != null) {
          break;
        }
      }
    }
    return value;
  }

  /** Returns whether a value is stored for a key. The key's stripe must be held. */
  boolean containsKey(byte[] key) {
    Generation g = generation;
    if (g.current.containsKey(key)) {
      return true;
    }
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      if (older.containsKey(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stores a value and returns the previous one, or null. The key's stripe must be held.
   */
  byte[] put(byte[] key, byte[] value) {
    Generation g = generation;
    byte[] previous;
    if (activeScans.get() > 0 && !g.draining.isEmpty()) {
      previous = putInPlaceWhileScanning(g, key, value);
      if (previous != null) {
        account(key, previous, value);
        return previous;
      }
    }
    try {
      previous = g.current.put(key, value);
    } catch (IllegalStateException full) {
      if (closed) {
        throw full;
      }
      LOG.debug("table '{}' reached the limit of its map at {} entries, growing", name,
          count.get());
      g = grow(g, key.length, value.length);
      previous = g.current.put(key, value);
    }
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      byte[] old = older.remove(key);
      if (previous == null) {
        previous = old;
      }
    }
    account(key, previous, value);
    if (count.get() > g.capacity) {
      grow(g, 0, 0);
    }
    return previous;
  }

  /**
   * Replaces the value of a key that lives in a draining map in that map, so a running scan
   * does not miss the key, and returns the previous value. Returns null, changing nothing, when
   * the key is in the current map or in no map.
   */
  private static byte[] putInPlaceWhileScanning(Generation g, byte[] key, byte[] value) {
    if (g.current.containsKey(key)) {
      return null;
    }
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      if (older.containsKey(key)) {
        try {
          return older.put(key, value);
        } catch (IllegalStateException full) {
          // NOTE: a value too large for the older map moves to the current map, so a scan
          // running now may miss this key.
          return null;
        }
      }
    }
    return null;
  }

  /** Removes a key and returns its previous value, or null. The key's stripe must be held. */
  byte[] remove(byte[] key) {
    Generation g = generation;
    byte[] previous = g.current.remove(key);
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      byte[] old = older.remove(key);
      if (previous == null) {
        previous = old;
      }
    }
    if (previous != null) {
      count.decrementAndGet();
      keyBytes.addAndGet(-key.length);
      valueBytes.addAndGet(-previous.length);
    }
    return previous;
  }

  /** Returns the number of stored entries. */
  long size() {
    return count.get();
  }

  /** Returns the number of older maps not yet drained into the current map; for tests. */
  int drainingMapCount() {
    return generation.draining.size();
  }

  /**
   * Returns the off-heap bytes used by all open maps of this table, 0 once it is closed. Needs
   * no stripe, so a map the mover retires meanwhile counts as 0.
   */
  long offHeapBytes() {
    Generation g = generation;
    long total = offHeapBytes(g.current);
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      total += offHeapBytes(older);
    }
    return total;
  }

  private static long offHeapBytes(ChronicleMap<byte[], byte[]> map) {
    try {
      return map.isOpen() ? map.offHeapMemoryUsed() : 0L;
    } catch (ChronicleHashClosedException closedMeanwhile) {
      return 0L;
    }
  }

  /** Returns the total serialized key and value bytes stored, without map overhead. */
  long payloadBytes() {
    return keyBytes.get() + valueBytes.get();
  }

  /**
   * Starts a scan and returns the maps to scan, current first. Until {@link #endScan()} no
   * entry changes maps, so the segments of these maps cover every entry once. Takes all
   * stripes briefly, so the caller must hold none.
   */
  List<ChronicleMap<byte[], byte[]>> beginScan() {
    locks.lockAll();
    try {
      activeScans.incrementAndGet();
      Generation g = generation;
      List<ChronicleMap<byte[], byte[]>> maps = new ArrayList<>(1 + g.draining.size());
      maps.add(g.current);
      maps.addAll(g.draining);
      return maps;
    } finally {
      locks.unlockAll();
    }
  }

  /** Ends a scan started by {@link #beginScan()}. */
  void endScan() {
    if (activeScans.decrementAndGet() == 0 && !generation.draining.isEmpty()) {
      scheduleMover();
    }
  }

  /**
   * Copies the entries of one segment of a map, as {key, value} pairs. No stripe may be held:
   * the copy runs under the segment's own lock.
   */
  static List<byte[][]> segmentEntries(ChronicleMap<byte[], byte[]> map, int segment) {
    List<byte[][]> entries = new ArrayList<>();
    try (MapSegmentContext<byte[], byte[], ?> context = map.segmentContext(segment)) {
      context.forEachSegmentEntry((MapEntry<byte[], byte[]> entry) -> entries.add(new byte[][] {
          entry.key().getUsing(null), entry.value().getUsing(null)}));
    }
    return entries;
  }

  /** Removes every entry. The caller must hold all stripes. */
  void clear() {
    Generation g = generation;
    g.current.clear();
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      older.clear();
    }
    count.set(0);
    keyBytes.set(0);
    valueBytes.set(0);
  }

  @Override
  public void close() {
    closed = true;
    Generation g = generation;
    g.current.close();
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      older.close();
    }
  }

  private void account(byte[] key, byte[] previous, byte[] value) {
    if (previous == null) {
      count.incrementAndGet();
      keyBytes.addAndGet(key.length);
      valueBytes.addAndGet(value.length);
    } else {
      valueBytes.addAndGet(value.length - previous.length);
    }
  }

  /**
   * Makes a larger map current unless another thread already did, and returns the generation
   * to use. The caller holds one stripe, so this never waits for the others.
   */
  private synchronized Generation grow(Generation seen, int keySize, int valueSize) {
    Generation g = generation;
    if (g != seen) {
      return g;
    }
    long entries = Math.max(count.get() + 1, 1);
    long capacity = Math.max(g.capacity * 2, entries * 2);
    int averageKey = (int) Math.max(8, Math.max(keyBytes.get() / entries, keySize));
    int averageValue = (int) Math.max(minValueSize,
        Math.min(maxValueSize, Math.max(valueBytes.get() / entries, valueSize)));
    long started = System.nanoTime();
    ChronicleMap<byte[], byte[]> bigger = createMap(capacity, averageKey, averageValue);
    List<ChronicleMap<byte[], byte[]>> draining = new ArrayList<>();
    draining.add(g.current);
    draining.addAll(g.draining);
    Generation next = new Generation(bigger, capacity, draining);
    generation = next;
    LOG.debug("table '{}' grew to a map for {} entries ({} B keys, {} B values) in {} ms", name,
        capacity, averageKey, averageValue,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    scheduleMover();
    return next;
  }

  private void scheduleMover() {
    if (!closed && moverScheduled.compareAndSet(false, true)) {
      maintenance.execute(this::moveEntries);
    }
  }

  /** Moves entries from the oldest draining map to the current map, then retires the map. */
  private void moveEntries() {
    moverScheduled.set(false);
    try {
      while (!closed && activeScans.get() == 0) {
        List<ChronicleMap<byte[], byte[]>> draining = generation.draining;
        if (draining.isEmpty()) {
          return;
        }
        ChronicleMap<byte[], byte[]> oldest = draining.get(draining.size() - 1);
        List<byte[]> keys = new ArrayList<>(MOVE_BATCH);
        for (byte[] key : oldest.keySet()) {
          keys.add(key);
          if (keys.size() == MOVE_BATCH) {
            break;
          }
        }
        if (keys.isEmpty()) {
          retire(oldest);
          continue;
        }
        for (byte[] key : keys) {
          int hash = stripeHash.applyAsInt(key);
          locks.lock(hash);
          try {
            if (closed || activeScans.get() > 0) {
              return;
            }
            moveKey(oldest, key);
          } finally {
            locks.unlock(hash);
          }
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.error("moving entries of table '{}' to its larger map failed", name, e);
      }
    }
  }

  private void moveKey(ChronicleMap<byte[], byte[]> oldest, byte[] key) {
    byte[] value = oldest.get(key);
    if (value == null) {
      return;
    }
    Generation g = generation;
    boolean newer = g.current.containsKey(key);
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      if (older == oldest) {
        break;
      }
      newer |= older.containsKey(key);
    }
    if (!newer) {
      g.current.put(key, value);
    }
    oldest.remove(key);
  }

  private void retire(ChronicleMap<byte[], byte[]> oldest) {
    locks.lockAll();
    try {
      if (closed || activeScans.get() > 0) {
        return;
      }
      for (byte[] key : new ArrayList<>(oldest.keySet())) {
        moveKey(oldest, key);
      }
      Generation g = generation;
      List<ChronicleMap<byte[], byte[]>> draining = new ArrayList<>(g.draining);
      draining.remove(oldest);
      generation = new Generation(g.current, g.capacity, draining);
    } finally {
      locks.unlockAll();
    }
    oldest.close();
    LOG.debug("table '{}' retired a drained map", name);
  }

  private ChronicleMap<byte[], byte[]> createMap(long entries, int averageKeySize,
      int averageValueSize) {
    ChronicleMapBuilder<byte[], byte[]> builder = ChronicleMap.of(byte[].class, byte[].class)
        .name(name)
        .entries(entries)
        .averageKeySize(averageKeySize)
        .averageValueSize(averageValueSize);
    return builder.create();
  }
}
