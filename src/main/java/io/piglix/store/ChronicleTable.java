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
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
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

  /**
   * Share of the entries a map is sized for that it takes under a memory budget. Entries
   * spread over the map's segments unevenly, and a segment that outgrows its space makes
   * Chronicle Map allocate a further tier of memory; at this fill no segment comes near.
   */
  static final double BUDGETED_FILL = 0.9;

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
  private volatile boolean atLimit;
  private final MemoryBudget budget;
  private final boolean segmentAdmission;

  /** The current map and the older maps still being drained, newest first. */
  private static final class Generation {
    final ChronicleMap<byte[], byte[]> current;
    final long capacity;
    /** Entries one segment of the current map may hold under a budget; else no limit. */
    final long segmentLimit;
    final List<ChronicleMap<byte[], byte[]>> draining;

    Generation(ChronicleMap<byte[], byte[]> current, long capacity, long segmentLimit,
        List<ChronicleMap<byte[], byte[]>> draining) {
      this.current = current;
      this.capacity = capacity;
      this.segmentLimit = segmentLimit;
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
   * @param budget the off-heap memory the table may still allocate
   * @param segmentAdmission whether a new key is refused when its segment of a budgeted map
   *     holds its share of the entries, so that segment's entries can be evicted first
   */
  ChronicleTable(String name, StripedLocks locks, ToIntFunction<byte[]> stripeHash,
      Executor maintenance, long initialCapacity, int averageKeySize, int averageValueSize,
      int maxValueSize, MemoryBudget budget, boolean segmentAdmission) {
    this.name = name;
    this.budget = budget;
    this.segmentAdmission = segmentAdmission;
    this.locks = locks;
    this.stripeHash = stripeHash;
    this.maintenance = maintenance;
    this.minValueSize = averageValueSize;
    this.maxValueSize = maxValueSize;
    this.generation = new Generation(
        createMap(initialCapacity, averageKeySize, averageValueSize), initialCapacity,
        Long.MAX_VALUE, List.of());
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
    if ((atLimit && count.get() >= g.capacity || segmentFull(g, key)) && !containsKey(key)) {
      Generation grown = grow(g, key.length, value.length);
      if (grown == g) {
        throw full(1, (long) key.length + value.length);
      }
      g = grown;
    }
    try {
      previous = g.current.put(key, value);
    } catch (IllegalStateException full) {
      if (closed) {
        throw full;
      }
      LOG.debug("table '{}' reached the limit of its map at {} entries, growing", name,
          count.get());
      Generation grown = grow(g, key.length, value.length);
      if (grown == g) {
        throw full(1, (long) key.length + value.length);
      }
      g = grown;
      previous = g.current.put(key, value);
    }
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      byte[] old = older.remove(key);
      if (previous == null) {
        previous = old;
      }
    }
    account(key, previous, value);
    if (count.get() > g.capacity && !atLimit) {
      grow(g, 0, 0);
    }
    return previous;
  }

  /**
   * Returns whether the segment of the current map that a key hashes to holds its share of
   * the map's entries. Chronicle Map gives a segment that outgrows its space a further tier of
   * memory, beyond the budget; eviction keeps the whole map below its capacity, but a run of
   * new keys that land in one segment, after evictions in others, would still overflow it.
   * Checked only under a budget and past half the capacity, where a new key costs one more
   * hash lookup and a segment count.
   */
  private boolean segmentFull(Generation g, byte[] key) {
    if (g.segmentLimit == Long.MAX_VALUE || count.get() < g.capacity / 2) {
      return false;
    }
    int segment = segmentOf(g.current, key);
    try (MapSegmentContext<byte[], byte[], ?> context = g.current.segmentContext(segment)) {
      return context.size() >= g.segmentLimit;
    }
  }

  private static int segmentOf(ChronicleMap<byte[], byte[]> map, byte[] key) {
    try (ExternalMapQueryContext<byte[], byte[], ?> context = map.queryContext(key)) {
      return context.segmentIndex();
    }
  }

  /**
   * Returns the segment of the current map that a key hashes to, the position from which
   * {@link #readHeads} reads that segment first.
   */
  int segmentOf(byte[] key) {
    try {
      return segmentOf(generation.current, key);
    } catch (ChronicleHashClosedException closedMeanwhile) {
      return 0;
    }
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

  /** Returns the entries the current map is sized for. */
  long capacity() {
    return generation.capacity;
  }

  /** Returns whether the budget refused the last growth, so the table stays this size. */
  boolean isAtLimit() {
    return atLimit;
  }

  /**
   * Returns the capacity of the next map under a memory budget. The store doubles while a
   * doubled map takes at most a tenth of what the member has left; then it takes its whole
   * share in one step, while the old map is still small, so the old and new maps together
   * never exceed the budget and the final map comes close to the share. The share is what is
   * left, or the contribution divided among the stores holding data when there are several.
   */
  private long budgetedCapacity(Generation g, long doubled, long available, int averageKey,
      int averageValue) {
    double perEntry = Math.max(averageKey + averageValue + 16,
        (double) g.current.offHeapMemoryUsed() / Math.max(1, g.capacity));
    if (doubled * perEntry <= available * 0.1) {
      return doubled;
    }
    return Math.max(0, (long) (share(available) / perEntry));
  }

  /** Returns the bytes the table's final map may take: its share of the budget. */
  private double share(long available) {
    int stores = Math.max(1, budget.growingStores());
    return Math.min(available * 0.97, budget.limit() * 0.97 / stores);
  }


  /**
   * Makes sure the table can take {@code entries} more entries of about {@code entryBytes}
   * bytes each, growing the map if the budget allows. The key's stripe must be held.
   *
   * @throws StoreFullException when the table is at its budget's limit and full
   */
  void reserve(int entries, int entryBytes) {
    Generation g = generation;
    if (count.get() + entries <= g.capacity) {
      return;
    }
    Generation grown = grow(g, 16, entryBytes);
    if (count.get() + entries > grown.capacity && atLimit) {
      throw full(entries, entryBytes);
    }
  }

  private StoreFullException full(int entries, long entryBytes) {
    return new StoreFullException("store '" + name + "' is full: " + count.get() + " of "
        + generation.capacity + " entries, and the member's memory budget ("
        + budget.limit() + " bytes contributed, " + budget.available() + " free) allows no"
        + " larger map; " + entries + (entries == 1 ? " entry" : " entries") + " of "
        + entryBytes + " bytes were not stored");
  }

  /**
   * Returns the off-heap bytes the table's entries take: the current map's bytes in
   * proportion to how full it is, plus every map still being drained.
   */
  long usedBytes() {
    Generation g = generation;
    long used = (long) (offHeapBytes(g.current)
        * Math.min(1.0, count.get() / (double) Math.max(1, g.capacity)));
    for (ChronicleMap<byte[], byte[]> older : g.draining) {
      used += offHeapBytes(older);
    }
    return used;
  }

  /** Returns how full the table is when it may not grow: entries per capacity; else 0. */
  double fill() {
    return atLimit ? count.get() / (double) Math.max(1, generation.capacity) : 0;
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

  /** Receives sampled entries. */
  interface HeadVisitor {

    /**
     * Receives one entry.
     *
     * @param key a copy of the key
     * @param head a copy of the first bytes of the stored value
     * @param storedLength the length of the stored value
     */
    void visit(byte[] key, byte[] head, int storedLength);
  }

  /**
   * Reads the keys and value heads of the current map's segments, from segment
   * {@code segment} on, until at least {@code minEntries} entries were read or the last
   * segment was done. Entries still in a map being drained are not read. No stripe may be
   * held: each segment is read under its own lock.
   *
   * @return the segment to continue from, 0 after the last segment
   */
  int readHeads(int segment, int minEntries, int headLength, HeadVisitor visitor) {
    ChronicleMap<byte[], byte[]> map = generation.current;
    int segments;
    try {
      segments = map.segments();
    } catch (ChronicleHashClosedException closedMeanwhile) {
      return 0;
    }
    int read = 0;
    int next = segment >= segments ? 0 : segment;
    while (read < minEntries) {
      int[] counted = new int[1];
      try (MapSegmentContext<byte[], byte[], ?> context = map.segmentContext(next)) {
        context.forEachSegmentEntry((MapEntry<byte[], byte[]> entry) -> {
          Data<byte[]> value = entry.value();
          int length = (int) value.size();
          byte[] head = new byte[Math.min(headLength, length)];
          value.bytes().read(value.offset(), head, 0, head.length);
          visitor.visit(entry.key().getUsing(null), head, length);
          counted[0]++;
        });
      } catch (ChronicleHashClosedException closedMeanwhile) {
        return 0;
      }
      read += counted[0];
      if (++next >= segments) {
        return 0;
      }
    }
    return next;
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
    long doubled = Math.max(g.capacity * 2, entries * 2);
    long capacity = doubled;
    int averageKey = (int) Math.max(8, Math.max(keyBytes.get() / entries, keySize));
    int averageValue = (int) Math.max(minValueSize,
        Math.min(maxValueSize, Math.max(valueBytes.get() / entries, valueSize)));
    long available = budget.available();
    if (available != Long.MAX_VALUE) {
      capacity = budgetedCapacity(g, doubled, available, averageKey, averageValue);
      if (capacity < Math.max(entries, g.capacity + g.capacity / 4)) {
        atLimit = true;
        return g;
      }
    }
    long started = System.nanoTime();
    ChronicleMap<byte[], byte[]> bigger = createMap(capacity, averageKey, averageValue);
    if (available != Long.MAX_VALUE) {
      // A map's size per entry depends on its sizing, in steps, and is known only once it
      // exists. Shrink a map larger than the share, and move the final map towards its share,
      // halving the gap between a capacity known to fit and one known not to.
      double share = share(available);
      long floor = Math.max(entries, g.capacity + g.capacity / 4);
      boolean fitToShare = capacity != doubled;
      ChronicleMap<byte[], byte[]> candidate = bigger;
      long candidateCapacity = capacity;
      bigger = null;
      long fits = -1;
      long fitsUsed = 0;
      long tooLarge = Long.MAX_VALUE;
      for (int attempt = 0; ; attempt++) {
        long used = candidate.offHeapMemoryUsed();
        if (used <= share) {
          if (bigger != null) {
            bigger.close();
          }
          bigger = candidate;
          fits = candidateCapacity;
          fitsUsed = used;
        } else {
          candidate.close();
          tooLarge = candidateCapacity;
        }
        long next;
        if (attempt == 5) {
          break;
        } else if (bigger == null) {
          next = Math.min((long) (candidateCapacity * share / used * 0.98),
              tooLarge - tooLarge / 8);
        } else if (!fitToShare || fitsUsed * 1.05 >= share) {
          break;
        } else if (tooLarge == Long.MAX_VALUE) {
          next = (long) (fits * share / fitsUsed * 0.98);
        } else {
          next = fits + (tooLarge - fits) / 2;
        }
        if (next < floor || next <= fits || next >= tooLarge) {
          break;
        }
        candidate = createMap(next, averageKey, averageValue);
        candidateCapacity = next;
      }
      if (bigger == null || fits < floor) {
        if (bigger != null) {
          bigger.close();
        }
        atLimit = true;
        return g;
      }
      capacity = fits;
    }
    List<ChronicleMap<byte[], byte[]>> draining = new ArrayList<>();
    draining.add(g.current);
    draining.addAll(g.draining);
    long segmentLimit = Long.MAX_VALUE;
    if (available != Long.MAX_VALUE) {
      // Eviction keeps a map that may not grow this full, so no segment of it outgrows its
      // space and makes Chronicle Map allocate another tier beyond the budget.
      if (segmentAdmission) {
        segmentLimit = Math.max(1, capacity / bigger.segments());
      }
      capacity = (long) (capacity * BUDGETED_FILL);
    }
    Generation next = new Generation(bigger, capacity, segmentLimit, draining);
    generation = next;
    atLimit = false;
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
      generation = new Generation(g.current, g.capacity, g.segmentLimit, draining);
    } finally {
      locks.unlockAll();
    }
    oldest.close();
    LOG.debug("table '{}' retired a drained map", name);
  }

  /**
   * Creates, uses and closes a small map, so Chronicle Map generates and compiles its classes
   * now rather than during the first cache creation, which other members wait for.
   */
  static void warmUp() {
    try (ChronicleMap<byte[], byte[]> map = ChronicleMap.of(byte[].class, byte[].class)
        .name("warm-up").entries(16).averageKeySize(8).averageValueSize(8).create()) {
      map.put(new byte[] {1}, new byte[] {1});
      map.remove(new byte[] {1});
    }
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
