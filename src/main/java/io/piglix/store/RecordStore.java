package io.piglix.store;

import io.piglix.partition.KeyHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * The off-heap records of one cache on one member, keyed by serialized key bytes.
 *
 * <p>Records up to {@link #INLINE_LIMIT} bytes live in one Chronicle Map. A larger record is
 * split: the main map keeps its header and length, and a second map, created on first use,
 * keeps the value in chunks of {@link #CHUNK_SIZE} bytes under the key followed by the chunk
 * number. Chronicle Map rejects entries far above its average entry size, so this keeps every
 * map entry small whatever the value size.
 *
 * <p>Callers hold the key's stripe of {@link #locks()} around every per-key method. The stripe
 * of a key is chosen by {@link KeyHash#of(byte[])} of the key bytes.
 */
public final class RecordStore implements AutoCloseable {

  /** Largest record kept in one map entry. */
  public static final int INLINE_LIMIT = 8 * 1024;

  /** Size of one chunk of a split value. */
  public static final int CHUNK_SIZE = 8 * 1024;

  /** Largest serialized key accepted. */
  public static final int MAX_KEY_SIZE = 16 * 1024;

  private static final int STRIPES = 128;
  private static final int STRIPES_PER_PARTITION = 4;
  private static final int CHUNKED_RECORD_SIZE = Record.HEADER_SIZE + 8;

  /** Times a write that finds the store full asks for room before it fails. */
  private static final int ROOM_ATTEMPTS = 8;

  private final String name;
  private final StripedLocks locks;
  private final MemoryBudget budget;
  private volatile RoomMaker roomMaker = RoomMaker.NONE;
  private final java.util.concurrent.atomic.AtomicLongArray partitionCounts;
  private final Executor maintenance;
  private final ChronicleTable main;
  private volatile ChronicleTable chunks;

  /** Creates an empty store whose keys are not split into partitions. */
  public RecordStore(String name, StoreSizing sizing, Executor maintenance) {
    this(name, sizing, maintenance, 1, MemoryBudget.UNLIMITED);
  }

  /**
   * Creates an empty store whose lock stripes follow the partitions of its keys.
   *
   * @param partitionCount the number of partitions keys are spread over
   * @param budget the off-heap memory the store may still allocate
   */
  public RecordStore(String name, StoreSizing sizing, Executor maintenance,
      int partitionCount, MemoryBudget budget) {
    this.budget = budget;
    this.locks = partitionCount == 1 ? new StripedLocks(STRIPES)
        : new StripedLocks(partitionCount, STRIPES_PER_PARTITION);
    this.partitionCounts = new java.util.concurrent.atomic.AtomicLongArray(partitionCount);
    this.name = name;
    this.maintenance = maintenance;
    int averageRecord = Math.min(INLINE_LIMIT, sizing.averageValueSize() + Record.HEADER_SIZE);
    this.main = new ChronicleTable(name, locks, KeyHash::of, maintenance,
        sizing.initialEntries(), sizing.averageKeySize(), averageRecord, INLINE_LIMIT, budget,
        true);
  }

  /**
   * Prepares Chronicle Map in this JVM: its first map generates and compiles classes, which
   * takes seconds on a busy machine. A member calls this before it joins a pool.
   */
  public static void warmUp() {
    ChronicleTable.warmUp();
  }

  /** The stripes guarding keys of this store. */
  public StripedLocks locks() {
    return locks;
  }

  /** Returns the record of a key, or null. The key's stripe must be held. */
  public byte[] get(byte[] key) {
    byte[] stored = main.get(key);
    if (stored == null || (Record.flags(stored) & Record.CHUNKED) == 0) {
      return stored;
    }
    return assemble(key, stored);
  }

  /** Returns whether a record is stored for a key. The key's stripe must be held. */
  public boolean containsKey(byte[] key) {
    return main.containsKey(key);
  }

  /**
   * Stores a record, replacing any previous one. The key's stripe must be held. When the
   * store is at its memory budget's limit and full, the room maker evicts entries and the
   * record is stored on a second try; if that fails too, nothing changed.
   *
   * @throws EntryTooLargeException when the key is larger than {@link #MAX_KEY_SIZE} or the
   *     record larger than a quarter of the member's contribution
   * @throws StoreFullException when no room could be made
   */
  public void put(byte[] key, byte[] record) {
    requireKeySize(key);
    requireFitsBudget(record);
    for (int attempt = 1; ; attempt++) {
      try {
        putOnce(key, record);
        return;
      } catch (StoreFullException full) {
        // Other writers may take the room made before this one retries: try a few times.
        if (attempt == ROOM_ATTEMPTS || !roomMaker.makeRoom(this, key)) {
          throw full;
        }
      }
    }
  }

  private void putOnce(byte[] key, byte[] record) {
    byte[] previous;
    if (record.length <= INLINE_LIMIT) {
      previous = main.put(key, record);
      removeChunks(key, previous, 0);
      countPut(previous, record);
      return;
    }
    int valueLength = record.length - Record.HEADER_SIZE;
    int chunkCount = (valueLength + CHUNK_SIZE - 1) / CHUNK_SIZE;
    ChronicleTable chunkTable = chunkTable();
    // Both tables must have room before the first chunk overwrites one of the previous value.
    main.reserve(1, key.length + CHUNKED_RECORD_SIZE);
    chunkTable.reserve(chunkCount, key.length + 4 + CHUNK_SIZE);
    for (int i = 0; i < chunkCount; i++) {
      int from = Record.HEADER_SIZE + i * CHUNK_SIZE;
      int to = Math.min(record.length, from + CHUNK_SIZE);
      chunkTable.put(chunkKey(key, i), Arrays.copyOfRange(record, from, to));
    }
    byte[] stored = new byte[CHUNKED_RECORD_SIZE];
    System.arraycopy(record, 0, stored, 0, Record.HEADER_SIZE);
    Record.setFlags(stored, Record.flags(record) | Record.CHUNKED);
    Record.writeInt(stored, Record.HEADER_SIZE, valueLength);
    Record.writeInt(stored, Record.HEADER_SIZE + 4, chunkCount);
    previous = main.put(key, stored);
    removeChunks(key, previous, chunkCount);
    countPut(previous, record);
  }

  /**
   * Writes back the header of a stored record whose access fields changed, leaving its value
   * alone; does nothing when the key is gone. The key's stripe must be held.
   */
  public void writeHeader(byte[] key, byte[] record) {
    byte[] stored = main.get(key);
    if (stored == null) {
      return;
    }
    if ((Record.flags(stored) & Record.CHUNKED) == 0) {
      if (stored.length == record.length) {
        main.put(key, record);
      }
      return;
    }
    byte[] updated = stored.clone();
    System.arraycopy(record, 0, updated, 0, Record.HEADER_SIZE);
    Record.setFlags(updated, Record.flags(stored));
    main.put(key, updated);
  }

  /** Sets what evicts entries when the store is full. */
  public void setRoomMaker(RoomMaker roomMaker) {
    this.roomMaker = roomMaker;
  }

  /** Evicts entries of a full store so a write can go ahead. */
  public interface RoomMaker {

    /** Makes no room. */
    RoomMaker NONE = (store, writingKey) -> false;

    /**
     * Evicts entries of the store, never the one being written. Called with the writing
     * key's stripe held, so it must not wait for other stripes.
     *
     * @return whether any entry was evicted
     */
    boolean makeRoom(RecordStore store, byte[] writingKey);
  }

  /** Receives records read by {@link #readHeads}. */
  public interface HeaderVisitor {

    /**
     * Receives one record.
     *
     * @param key the key
     * @param header the record's first {@link Record#HEADER_SIZE} bytes
     * @param recordLength the length of the whole record, header included
     */
    void visit(byte[] key, byte[] header, int recordLength);
  }

  /**
   * Reads the keys and record headers of the store's main map, one segment at a time, from
   * {@code position} on until at least {@code minRecords} were read. Cheaper than a scan: no
   * value is copied and the store keeps moving entries into a grown map meanwhile, so a
   * record being moved may be missed or read twice. No stripe may be held.
   *
   * @return the position to continue from, 0 once the last segment was read
   */
  public int readHeads(int position, int minRecords, HeaderVisitor visitor) {
    return main.readHeads(position, minRecords, Record.HEADER_SIZE + 8,
        (key, head, storedLength) -> {
          if (head.length < Record.HEADER_SIZE) {
            return;
          }
          int length = (Record.flags(head) & Record.CHUNKED) != 0 && head.length >= Record.HEADER_SIZE + 4
              ? Record.HEADER_SIZE + Record.readInt(head, Record.HEADER_SIZE) : storedLength;
          visitor.visit(key, head.length == Record.HEADER_SIZE ? head
              : Arrays.copyOf(head, Record.HEADER_SIZE), length);
        });
  }

  /**
   * Returns the position from which {@link #readHeads} reads the records stored next to a key
   * first: when a write finds the store full, evicting among them makes room where the key
   * goes.
   */
  public int positionOf(byte[] key) {
    return main.segmentOf(key);
  }

  /** Removes the record of a key and returns whether one was stored. */
  public boolean remove(byte[] key) {
    byte[] previous = main.remove(key);
    removeChunks(key, previous, 0);
    if (previous != null) {
      count(Record.partition(previous), -1);
    }
    return previous != null;
  }

  /** Returns the entries the store's main map is sized for. */
  public long capacity() {
    return main.capacity();
  }

  /**
   * Returns whether the store cannot grow because its member's memory budget is spent, so
   * entries must be evicted to make room.
   */
  public boolean isAtLimit() {
    return main.isAtLimit();
  }

  /** Returns the number of partitions the store counts records of. */
  public int partitionCount() {
    return partitionCounts.length();
  }

  /** Returns the off-heap bytes the store's entries take, see {@link #offHeapBytes()}. */
  public long usedBytes() {
    ChronicleTable chunkTable = chunks;
    return main.usedBytes() + (chunkTable == null ? 0 : chunkTable.usedBytes());
  }

  /**
   * Returns how full the store is where it may not grow any more: the larger fill of its
   * record and chunk maps that reached their budget, 0 when both may still grow.
   */
  public double fill() {
    ChronicleTable chunkTable = chunks;
    return Math.max(main.fill(), chunkTable == null ? 0 : chunkTable.fill());
  }

  /** Returns the number of records of a partition in this store. */
  public long partitionSize(int partition) {
    return partition < partitionCounts.length() ? partitionCounts.get(partition) : 0;
  }

  private void countPut(byte[] previous, byte[] record) {
    if (previous == null) {
      count(Record.partition(record), 1);
    } else if (Record.partition(previous) != Record.partition(record)) {
      count(Record.partition(previous), -1);
      count(Record.partition(record), 1);
    }
  }

  private void count(int partition, int delta) {
    if (partition < partitionCounts.length()) {
      partitionCounts.addAndGet(partition, delta);
    }
  }

  /** Returns the number of stored records. */
  public long size() {
    return main.size();
  }

  /** Returns the off-heap bytes used by this store's maps. */
  public long offHeapBytes() {
    ChronicleTable chunkTable = chunks;
    return main.offHeapBytes() + (chunkTable == null ? 0 : chunkTable.offHeapBytes());
  }

  /** Returns the number of older maps, of records and chunks, not yet drained; for tests. */
  int drainingMapCount() {
    ChronicleTable chunkTable = chunks;
    return main.drainingMapCount() + (chunkTable == null ? 0 : chunkTable.drainingMapCount());
  }

  /** Returns the serialized key and record bytes stored, without map overhead. */
  public long payloadBytes() {
    ChronicleTable chunkTable = chunks;
    return main.payloadBytes() + (chunkTable == null ? 0 : chunkTable.payloadBytes());
  }

  /** Removes every record; takes all stripes. */
  public void clear() {
    locks.lockAll();
    try {
      main.clear();
      ChronicleTable chunkTable = chunks;
      if (chunkTable != null) {
        chunkTable.clear();
      }
      for (int p = 0; p < partitionCounts.length(); p++) {
        partitionCounts.set(p, 0);
      }
    } finally {
      locks.unlockAll();
    }
  }

  /**
   * Starts a scan over all records in batches of one map segment. A record that exists
   * throughout the scan is returned exactly once, unless an update during the scan no longer
   * fits the older internal map it lives in. Close the scan when done, because until then the
   * store defers moving entries between its internal maps. The caller must hold no stripe.
   */
  public Scan scan() {
    return new Scan(0);
  }

  /**
   * Starts a scan at a position returned by {@link Scan#cursor()} of an earlier scan. Between
   * the two scans the store may have grown, so entries can be skipped or seen twice.
   */
  public Scan scanFrom(long cursor) {
    return new Scan(cursor);
  }

  @Override
  public void close() {
    locks.lockAll();
    try {
      main.close();
      ChronicleTable chunkTable = chunks;
      if (chunkTable != null) {
        chunkTable.close();
      }
    } finally {
      locks.unlockAll();
    }
  }

  @Override
  public String toString() {
    return "RecordStore{" + name + ", " + size() + " records}";
  }

  private byte[] assemble(byte[] key, byte[] stored) {
    int valueLength = Record.readInt(stored, Record.HEADER_SIZE);
    int chunkCount = Record.readInt(stored, Record.HEADER_SIZE + 4);
    byte[] record = new byte[Record.HEADER_SIZE + valueLength];
    System.arraycopy(stored, 0, record, 0, Record.HEADER_SIZE);
    Record.setFlags(record, Record.flags(stored) & ~Record.CHUNKED);
    ChronicleTable chunkTable = chunkTable();
    int position = Record.HEADER_SIZE;
    for (int i = 0; i < chunkCount; i++) {
      byte[] chunk = chunkTable.get(chunkKey(key, i));
      if (chunk == null) {
        throw new IllegalStateException("store '" + name + "' lost chunk " + i + " of "
            + chunkCount + " of a " + valueLength + "-byte value");
      }
      System.arraycopy(chunk, 0, record, position, chunk.length);
      position += chunk.length;
    }
    return record;
  }

  private void removeChunks(byte[] key, byte[] previous, int keepCount) {
    if (previous == null || (Record.flags(previous) & Record.CHUNKED) == 0) {
      return;
    }
    int previousCount = Record.readInt(previous, Record.HEADER_SIZE + 4);
    ChronicleTable chunkTable = chunkTable();
    for (int i = keepCount; i < previousCount; i++) {
      chunkTable.remove(chunkKey(key, i));
    }
  }

  private ChronicleTable chunkTable() {
    ChronicleTable chunkTable = chunks;
    if (chunkTable == null) {
      synchronized (this) {
        chunkTable = chunks;
        if (chunkTable == null) {
          chunkTable = new ChronicleTable(name + "-chunks", locks,
              RecordStore::chunkOwnerHash, maintenance, 64, 32, CHUNK_SIZE, CHUNK_SIZE,
              budget, false);
          chunks = chunkTable;
        }
      }
    }
    return chunkTable;
  }

  private static byte[] chunkKey(byte[] key, int index) {
    byte[] chunkKey = Arrays.copyOf(key, key.length + 4);
    Record.writeInt(chunkKey, key.length, index);
    return chunkKey;
  }

  /** Returns the hash of the key a chunk belongs to, so the chunk shares its stripe. */
  private static int chunkOwnerHash(byte[] chunkKey) {
    return KeyHash.of(chunkKey, 0, chunkKey.length - 4);
  }

  private void requireFitsBudget(byte[] record) {
    long limit = budget.limit();
    if (limit != Long.MAX_VALUE && record.length > limit / 4) {
      throw new EntryTooLargeException("record", record.length, limit / 4,
          "a member stores entries of up to a quarter of the memory it contributes ("
              + limit + " bytes); contribute more memory or store smaller values");
    }
  }

  private static void requireKeySize(byte[] key) {
    if (key.length > MAX_KEY_SIZE) {
      throw new EntryTooLargeException("serialized key", key.length, MAX_KEY_SIZE,
          "use a shorter key, for example a hash or id of the object");
    }
  }

  /** A scan over all records, one map segment per batch. */
  public final class Scan implements AutoCloseable {

    private final List<ChronicleMap<byte[], byte[]>> maps;
    private int mapIndex;
    private int segment;
    private boolean closed;

    private Scan(long cursor) {
      maps = main.beginScan();
      mapIndex = (int) (cursor >>> 32);
      segment = (int) cursor;
      if (!hasMore()) {
        close();
      }
    }

    /** Returns the position of the next batch, for {@link RecordStore#scanFrom}. */
    public long cursor() {
      return ((long) mapIndex << 32) | (segment & 0xFFFF_FFFFL);
    }

    /** Returns whether {@link #nextBatch()} may return more records. */
    public boolean hasMore() {
      return !closed && mapIndex < maps.size();
    }

    /**
     * Returns the next batch of {key, record} pairs, possibly empty. Split records are
     * returned whole. No stripe may be held by the caller.
     */
    public List<byte[][]> nextBatch() {
      if (!hasMore()) {
        throw new NoSuchElementException("scan of store '" + name + "' is finished");
      }
      ChronicleMap<byte[], byte[]> map = maps.get(mapIndex);
      boolean readable = map.isOpen() && segment < map.segments();
      List<byte[][]> batch = readable
          ? ChronicleTable.segmentEntries(map, segment) : List.of();
      if (readable && ++segment < map.segments()) {
        return assembleAll(batch);
      }
      segment = 0;
      mapIndex++;
      if (!hasMore()) {
        close();
      }
      return assembleAll(batch);
    }

    private List<byte[][]> assembleAll(List<byte[][]> batch) {
      List<byte[][]> result = new ArrayList<>(batch.size());
      for (byte[][] entry : batch) {
        if ((Record.flags(entry[1]) & Record.CHUNKED) == 0) {
          result.add(entry);
          continue;
        }
        int hash = KeyHash.of(entry[0]);
        locks.lock(hash);
        try {
          byte[] record = get(entry[0]);
          if (record != null) {
            result.add(new byte[][] {entry[0], record});
          }
        } finally {
          locks.unlock(hash);
        }
      }
      return result;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        main.endScan();
      }
    }
  }
}
