package io.piglix.engine;

import io.piglix.event.CacheEvent;
import io.piglix.eviction.AccessTracker;
import io.piglix.event.EventSink;
import io.piglix.expiry.ExpiryCalculator;
import io.piglix.integration.Integration;
import io.piglix.internal.Binary;
import io.piglix.internal.PiglixEntry;
import io.piglix.management.StatsRecorder;
import io.piglix.partition.KeyHash;
import io.piglix.processor.MutableEntryImpl;
import io.piglix.serialization.KryoCodec;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.IntPredicate;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

/**
 * Runs cache operations against the records this member stores for one cache.
 *
 * <p>This is where JSR-107 semantics live: expiry, read-through, write-through, entry
 * processors, events and the statistics each operation counts. It works on serialized keys and
 * values and decodes them only for the loader, the writer, an entry processor or a value
 * comparison, so the same code serves a local caller and a caller on another member.
 *
 * <p>Each single-key operation runs under the key's stripe lock, which makes it atomic per key;
 * events are published before the lock is released, so listeners see a key's changes in order.
 * A writer or loader failure propagates before the store changes, so the previous value stays.
 */
public final class CacheEngine {

  private final String cacheName;
  private final RecordStore store;
  private final KryoCodec codec;
  private final ExpiryCalculator expiry;
  private final CacheLoader<Object, Object> loader;
  private final boolean readThrough;
  private final CacheWriter<Object, Object> writer;
  private final int partitionCount;
  private final String cacheId;
  private final PartitionVersions versions;
  private volatile EventSink events = EventSink.NONE;
  private volatile Replicator replicator = Replicator.NONE;
  private volatile AccessTracker accessTracker = AccessTracker.NONE;
  private final AccessLog accessLog = new AccessLog();

  /**
   * Creates an engine.
   *
   * @param cacheName the cache name, for messages
   * @param store the records of this cache on this member
   * @param codec encodes and decodes keys and values
   * @param expiry the cache's expiry policy
   * @param loader the cache loader, or null
   * @param readThrough whether reads load missing entries through the loader
   * @param writer the cache writer when write-through is on, or null
   * @param cacheId the cluster-wide id of the cache, sent with replicated changes
   * @param versions the version counters of the partitions
   */
  public CacheEngine(String cacheName, RecordStore store, KryoCodec codec,
      ExpiryCalculator expiry, CacheLoader<Object, Object> loader, boolean readThrough,
      CacheWriter<Object, Object> writer, String cacheId, PartitionVersions versions) {
    this.cacheName = cacheName;
    this.cacheId = cacheId;
    this.versions = versions;
    this.store = store;
    this.codec = codec;
    this.expiry = expiry;
    this.loader = loader;
    this.readThrough = readThrough && loader != null;
    this.writer = writer;
    this.partitionCount = versions.partitionCount();
  }

  /** Sets where events go. */
  public void setEventSink(EventSink sink) {
    this.events = sink;
  }

  /** Sets where changes are replicated. */
  public void setReplicator(Replicator replicator) {
    this.replicator = replicator;
  }

  /** Sets what records accesses for the eviction policy. */
  public void setAccessTracker(AccessTracker tracker) {
    this.accessTracker = tracker;
  }

  /** The codec of this engine's keys and values. */
  public KryoCodec codec() {
    return codec;
  }

  /** The records of this engine. */
  public RecordStore store() {
    return store;
  }

  /** The cache loader, or null. */
  public CacheLoader<Object, Object> loader() {
    return loader;
  }

  /** Returns the live value of a key, loading it through the loader on a miss. */
  public Binary get(Binary key, StatsRecorder stats) {
    Op changes = newOp();
    lock(key);
    try {
      long now = System.currentTimeMillis();
      byte[] record = readLive(key, now, changes);
      if (record != null) {
        stats.hits(1);
        applyAccessExpiry(key, record, now, changes);
        return Binary.ofBytes(Record.value(record));
      }
      stats.misses(1);
      if (!readThrough) {
        return null;
      }
      Object loaded = Integration.load(loader, key.object(codec));
      if (loaded == null) {
        return null;
      }
      Binary value = Binary.ofObject(loaded, codec);
      return storeCreated(key, value, now, changes) ? value : null;
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /**
   * Returns the live values of several keys, loading the missing ones through one
   * {@code loadAll} call of the loader when read-through is on. Absent keys are left out.
   */
  public Map<Binary, Binary> getAll(Collection<Binary> keys, StatsRecorder stats) {
    Map<Binary, Binary> found = new LinkedHashMap<>();
    List<Binary> missing = new ArrayList<>();
    for (Binary key : keys) {
      Op changes = newOp();
      lock(key);
      try {
        long now = System.currentTimeMillis();
        byte[] record = readLive(key, now, changes);
        if (record == null) {
          stats.misses(1);
          missing.add(key);
        } else {
          stats.hits(1);
          applyAccessExpiry(key, record, now, changes);
          found.put(key, Binary.ofBytes(Record.value(record)));
        }
      } finally {
        publishAndUnlock(key, changes);
      }
    }
    if (readThrough && !missing.isEmpty()) {
      Map<Binary, Binary> loaded = loadMissing(missing);
      for (Map.Entry<Binary, Binary> entry : loaded.entrySet()) {
        Binary key = entry.getKey();
        Op changes = newOp();
        lock(key);
        try {
          long now = System.currentTimeMillis();
          byte[] record = readLive(key, now, changes);
          if (record != null) {
            found.put(key, Binary.ofBytes(Record.value(record)));
          } else if (storeCreated(key, entry.getValue(), now, changes)) {
            found.put(key, entry.getValue());
          }
        } finally {
          publishAndUnlock(key, changes);
        }
      }
    }
    return found;
  }

  /** Returns whether a live entry exists, without statistics or expiry changes. */
  public boolean containsKey(Binary key) {
    lock(key);
    try {
      byte[] record = store.get(key.bytes());
      return record != null && !Record.isExpiredAt(record, System.currentTimeMillis());
    } finally {
      store.locks().unlock(key.hash());
    }
  }

  /** Stores a value according to the mode and returns what the mode reports. */
  public WriteResult put(Binary key, Binary value, PutMode mode, StatsRecorder stats) {
    Op changes = newOp();
    lock(key);
    try {
      long now = System.currentTimeMillis();
      byte[] record = readLive(key, now, changes);
      byte[] old = record == null ? null : Record.value(record);
      boolean applied;
      if (record == null) {
        if (mode == PutMode.REPLACE || mode == PutMode.GET_AND_REPLACE) {
          stats.misses(1);
          return WriteResult.NOT_APPLIED;
        }
        writeThrough(key, value);
        applied = storeCreated(key, value, now, changes);
        if (applied) {
          stats.puts(1);
        }
        if (mode == PutMode.GET_AND_PUT || mode == PutMode.PUT_IF_ABSENT) {
          stats.misses(1);
        }
        return new WriteResult(applied, null);
      }
      if (mode == PutMode.PUT_IF_ABSENT) {
        stats.hits(1);
        return new WriteResult(false, old);
      }
      writeThrough(key, value);
      storeUpdated(key, record, value, now, changes);
      stats.puts(1);
      if (mode != PutMode.PUT) {
        stats.hits(1);
      }
      return new WriteResult(true, old);
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /** Replaces the value only when the current value equals {@code expected}. */
  public boolean replace(Binary key, Binary expected, Binary value, StatsRecorder stats) {
    Op changes = newOp();
    lock(key);
    try {
      long now = System.currentTimeMillis();
      byte[] record = readLive(key, now, changes);
      if (record == null) {
        stats.misses(1);
        return false;
      }
      stats.hits(1);
      if (!valueEquals(record, expected)) {
        applyAccessExpiry(key, record, now, changes);
        return false;
      }
      writeThrough(key, value);
      storeUpdated(key, record, value, now, changes);
      stats.puts(1);
      return true;
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /**
   * Removes a key. The writer deletes the key whether or not an entry exists.
   *
   * @return whether a live entry was removed, and its value
   */
  public WriteResult remove(Binary key, boolean countRead, StatsRecorder stats) {
    Op changes = newOp();
    lock(key);
    try {
      deleteThrough(key);
      long now = System.currentTimeMillis();
      byte[] record = readLive(key, now, changes);
      if (record == null) {
        if (countRead) {
          stats.misses(1);
        }
        return WriteResult.NOT_APPLIED;
      }
      byte[] old = Record.value(record);
      changes.delete(key, Record.partition(record));
      changes.emit(CacheEvent.removed(key, old));
      stats.removals(1);
      if (countRead) {
        stats.hits(1);
      }
      return new WriteResult(true, old);
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /** Removes a key only when its value equals {@code expected}. */
  public boolean removeIfEquals(Binary key, Binary expected, StatsRecorder stats) {
    Op changes = newOp();
    lock(key);
    try {
      long now = System.currentTimeMillis();
      byte[] record = readLive(key, now, changes);
      if (record == null) {
        stats.misses(1);
        return false;
      }
      stats.hits(1);
      if (!valueEquals(record, expected)) {
        applyAccessExpiry(key, record, now, changes);
        return false;
      }
      deleteThrough(key);
      byte[] old = Record.value(record);
      changes.delete(key, Record.partition(record));
      changes.emit(CacheEvent.removed(key, old));
      stats.removals(1);
      return true;
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /**
   * Stores several entries. With write-through, the writer's {@code writeAll} runs first and
   * only the entries it wrote are stored; its failure is thrown after those are stored.
   *
   * @param entries pairs of key and value
   * @param useWriter whether write-through applies (false for entries from the loader)
   * @param replaceExisting whether existing entries are overwritten
   * @param countPuts whether stored entries count as puts in the statistics
   */
  public void putAll(List<Binary[]> entries, boolean useWriter, boolean replaceExisting,
      boolean countPuts, StatsRecorder stats) {
    if (entries.isEmpty()) {
      return;
    }
    int[] hashes = new int[entries.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = entries.get(i)[0].hash();
    }
    Op changes = newOp();
    int[] stripes = store.locks().lockHashes(hashes);
    CacheWriterException failure = null;
    try {
      List<Binary[]> toStore = entries;
      if (useWriter && writer != null) {
        Map<Object, Binary[]> byKeyObject = new HashMap<>();
        List<Cache.Entry<?, ?>> pending = new ArrayList<>(entries.size());
        for (Binary[] entry : entries) {
          Object keyObject = entry[0].object(codec);
          byKeyObject.put(keyObject, entry);
          pending.add(new PiglixEntry<>(keyObject, entry[1].object(codec)));
        }
        try {
          Integration.writeAll(writer, pending);
        } catch (CacheWriterException e) {
          failure = e;
        }
        Set<Object> notWritten = new HashSet<>();
        for (Cache.Entry<?, ?> entry : pending) {
          notWritten.add(entry.getKey());
        }
        toStore = new ArrayList<>();
        for (Binary[] entry : entries) {
          if (!notWritten.contains(entry[0].object(codec))) {
            toStore.add(entry);
          }
        }
      }
      long now = System.currentTimeMillis();
      long stored = 0;
      for (Binary[] entry : toStore) {
        byte[] record = readLive(entry[0], now, changes);
        if (record == null) {
          if (storeCreated(entry[0], entry[1], now, changes)) {
            stored++;
          }
        } else if (replaceExisting) {
          storeUpdated(entry[0], record, entry[1], now, changes);
          stored++;
        }
      }
      if (countPuts) {
        stats.puts(stored);
      }
    } finally {
      try {
        publish(changes);
      } finally {
        store.locks().unlockStripes(stripes);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Removes several keys. With write-through, the writer's {@code deleteAll} receives all the
   * keys first and only the keys it deleted are removed; its failure is thrown afterwards.
   */
  public void removeAll(Collection<Binary> keys, StatsRecorder stats) {
    if (keys.isEmpty()) {
      return;
    }
    int[] hashes = new int[keys.size()];
    int index = 0;
    for (Binary key : keys) {
      hashes[index++] = key.hash();
    }
    Op changes = newOp();
    int[] stripes = store.locks().lockHashes(hashes);
    CacheWriterException failure = null;
    try {
      Collection<Binary> toRemove = keys;
      if (writer != null) {
        List<Object> pending = new ArrayList<>(keys.size());
        for (Binary key : keys) {
          pending.add(key.object(codec));
        }
        try {
          Integration.deleteAll(writer, pending);
        } catch (CacheWriterException e) {
          failure = e;
        }
        Set<Object> notDeleted = new HashSet<>(pending);
        toRemove = new ArrayList<>();
        for (Binary key : keys) {
          if (!notDeleted.contains(key.object(codec))) {
            toRemove.add(key);
          }
        }
      }
      long now = System.currentTimeMillis();
      long removed = 0;
      for (Binary key : toRemove) {
        byte[] record = readLive(key, now, changes);
        if (record != null) {
          changes.delete(key, Record.partition(record));
          changes.emit(CacheEvent.removed(key, Record.value(record)));
          removed++;
        }
      }
      stats.removals(removed);
    } finally {
      try {
        publish(changes);
      } finally {
        store.locks().unlockStripes(stripes);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Removes every entry of this member, one store segment at a time, with write-through and
   * events as {@link #removeAll(Collection, StatsRecorder)}.
   */
  public void removeEverything(StatsRecorder stats) {
    CacheWriterException failure = null;
    try (RecordStore.Scan scan = store.scan()) {
      while (scan.hasMore()) {
        List<Binary> keys = new ArrayList<>();
        for (byte[][] entry : scan.nextBatch()) {
          keys.add(Binary.ofBytes(entry[0]));
        }
        try {
          removeAll(keys, stats);
        } catch (CacheWriterException e) {
          failure = failure == null ? e : failure;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Removes every entry of this member without writer, events or statistics. */
  public void clear() {
    store.clear();
  }

  /**
   * Runs an entry processor on a key and applies what it did to the entry.
   *
   * @throws EntryProcessorException wrapping anything the processor throws other than a
   *     {@link CacheException}
   */
  public Object invoke(Binary key, EntryProcessor<Object, Object, ?> processor,
      Object[] arguments, StatsRecorder stats) {
    Op changes = newOp();
    lock(key);
    try {
      long now = System.currentTimeMillis();
      byte[] record = readLive(key, now, changes);
      if (record == null) {
        stats.misses(1);
      } else {
        stats.hits(1);
      }
      MutableEntryImpl entry = new MutableEntryImpl(key, codec,
          record == null ? null : Record.value(record), readThrough ? loader : null);
      Object result;
      try {
        result = processor.process(entry, arguments);
      } catch (CacheException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      applyProcessed(key, record, entry, now, changes, stats);
      return result;
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /**
   * Runs an entry processor on each key in turn and returns every key's outcome; the failure
   * of one key does not stop the others.
   */
  public Map<Binary, InvokeResult> invokeAll(List<Binary> keys,
      EntryProcessor<Object, Object, ?> processor, Object[] arguments, StatsRecorder stats) {
    Map<Binary, InvokeResult> results = new LinkedHashMap<>();
    for (Binary key : keys) {
      try {
        results.put(key, new InvokeResult(invoke(key, processor, arguments, stats), null));
      } catch (RuntimeException e) {
        results.put(key, new InvokeResult(null, e));
      }
    }
    return results;
  }

  /**
   * Loads keys through the loader's {@code loadAll} and stores the non-null results without
   * write-through or put statistics.
   *
   * @param replaceExisting whether keys with a live entry are loaded and overwritten too
   */
  public void loadAll(Collection<Binary> keys, boolean replaceExisting) {
    if (loader == null || keys.isEmpty()) {
      return;
    }
    List<Binary> toLoad = new ArrayList<>();
    for (Binary key : keys) {
      if (replaceExisting || !containsKey(key)) {
        toLoad.add(key);
      }
    }
    if (toLoad.isEmpty()) {
      return;
    }
    Map<Binary, Binary> loaded = loadMissing(toLoad);
    List<Binary[]> entries = new ArrayList<>(loaded.size());
    for (Map.Entry<Binary, Binary> entry : loaded.entrySet()) {
      entries.add(new Binary[] {entry.getKey(), entry.getValue()});
    }
    putAll(entries, false, replaceExisting, false, StatsRecorder.NONE);
  }

  /**
   * Reads a key for an iterator: returns its live value, counting a hit and applying the
   * access expiry, or null when the entry is gone or expired.
   */
  public byte[] readForIterator(Binary key, StatsRecorder stats) {
    Op changes = newOp();
    lock(key);
    try {
      long now = System.currentTimeMillis();
      byte[] record = readLive(key, now, changes);
      if (record == null) {
        return null;
      }
      stats.hits(1);
      applyAccessExpiry(key, record, now, changes);
      return Record.value(record);
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /** Returns whether entries of this cache may expire, so a sweep can find some. */
  public boolean mayExpire() {
    return !expiry.isEternal();
  }

  /**
   * Removes a key whose entry has expired, replicating the removal and delivering an expired
   * event, without a read by the application; returns whether it was expired.
   */
  public boolean expireIfDue(Binary key, long now) {
    Op changes = newOp();
    lock(key);
    try {
      byte[] record = store.get(key.bytes());
      if (record == null || !Record.isExpiredAt(record, now)) {
        return false;
      }
      changes.delete(key, Record.partition(record));
      changes.emit(CacheEvent.expired(key, Record.value(record)));
      return true;
    } finally {
      publishAndUnlock(key, changes);
    }
  }

  /**
   * Evicts entries for capacity: removes each key whose record still has the expected
   * version, without events or writer calls, and replicates the removals of owned partitions
   * together. Removals of other partitions stay local: their owner decides what it keeps.
   *
   * @param keys the keys to evict
   * @param expectedVersions the version each key's record had when it was chosen
   * @param waitForStripes whether to wait for busy stripes; false skips keys whose stripe
   *     another thread holds, for a caller that holds a stripe itself
   * @param spared a key never to evict, or null
   * @param limit the most entries to evict: the keys after that many were evicted are left
   * @param owned whether this member owns a partition
   * @param replication runs the replication of the removals, or null to replicate before
   *     returning; a thread that serves other members must not wait for them
   * @return what was evicted
   */
  public Evicted evict(List<byte[]> keys, long[] expectedVersions, boolean waitForStripes,
      byte[] spared, int limit, IntPredicate owned, Executor replication) {
    List<Mutation> removals = replicator.isActive() ? new ArrayList<>() : null;
    long bytes = 0;
    long count = 0;
    long ownedCount = 0;
    for (int i = 0; i < keys.size() && count < limit; i++) {
      byte[] key = keys.get(i);
      if (spared != null && Arrays.equals(key, spared)) {
        continue;
      }
      int hash = KeyHash.of(key);
      if (waitForStripes) {
        store.locks().lock(hash);
      } else if (!store.locks().tryLock(hash)) {
        continue;
      }
      try {
        byte[] record = store.get(key);
        if (record == null || Record.version(record) != expectedVersions[i]) {
          continue;
        }
        int partition = Record.partition(record);
        store.remove(key);
        bytes += key.length + record.length;
        count++;
        if (owned.test(partition)) {
          ownedCount++;
          if (removals != null) {
            removals.add(new Mutation(partition, key, null, versions.next(partition)));
          }
        }
      } finally {
        store.locks().unlock(hash);
      }
    }
    if (removals != null && !removals.isEmpty()) {
      if (replication == null) {
        replicator.replicate(cacheId, removals);
      } else {
        replication.execute(() -> replicator.replicate(cacheId, removals));
      }
    }
    return new Evicted(bytes, count, ownedCount);
  }

  /** Starts a scan over the stored records. */
  public RecordStore.Scan scan() {
    return store.scan();
  }

  /** Returns the number of live and not yet removed expired entries on this member. */
  public long size() {
    return store.size();
  }

  private Map<Binary, Binary> loadMissing(List<Binary> keys) {
    List<Object> keyObjects = new ArrayList<>(keys.size());
    Map<Object, Binary> byObject = new HashMap<>();
    for (Binary key : keys) {
      Object keyObject = key.object(codec);
      keyObjects.add(keyObject);
      byObject.put(keyObject, key);
    }
    Map<Object, Object> loaded = Integration.loadAll(loader, keyObjects);
    Map<Binary, Binary> result = new LinkedHashMap<>();
    if (loaded == null) {
      return result;
    }
    for (Map.Entry<Object, Object> entry : loaded.entrySet()) {
      if (entry.getKey() == null || entry.getValue() == null) {
        continue;
      }
      Binary key = byObject.get(entry.getKey());
      if (key == null) {
        key = Binary.ofObject(entry.getKey(), codec);
      }
      result.put(key, Binary.ofObject(entry.getValue(), codec));
    }
    return result;
  }

  private void applyProcessed(Binary key, byte[] record, MutableEntryImpl entry, long now,
      Op changes, StatsRecorder stats) {
    switch (entry.operation()) {
      case NONE:
        if (entry.removedAbsent()) {
          deleteThrough(key);
        }
        break;
      case ACCESS:
        applyAccessExpiry(key, record, now, changes);
        break;
      case CREATE: {
        Binary value = Binary.ofObject(entry.value(), codec);
        writeThrough(key, value);
        if (storeCreated(key, value, now, changes)) {
          stats.puts(1);
        }
        break;
      }
      case LOAD:
        storeCreated(key, Binary.ofObject(entry.value(), codec), now, changes);
        break;
      case UPDATE: {
        Binary value = Binary.ofObject(entry.value(), codec);
        writeThrough(key, value);
        storeUpdated(key, record, value, now, changes);
        stats.puts(1);
        break;
      }
      case REMOVE:
        deleteThrough(key);
        changes.delete(key, Record.partition(record));
        changes.emit(CacheEvent.removed(key, Record.value(record)));
        stats.removals(1);
        break;
      default:
        throw new IllegalStateException("unknown entry operation " + entry.operation());
    }
  }

  /**
   * Returns the key's record when it is live. An expired record is removed and an expired
   * event emitted, and null returned, as for an absent key.
   */
  private byte[] readLive(Binary key, long now, Op changes) {
    AccessTracker tracker = accessTracker;
    tracker.count(key.hash());
    boolean replicated = replicator.isActive();
    if (replicated) {
      accessLog.read(key.hash());
    }
    byte[] record = store.get(key.bytes());
    if (record == null) {
      return null;
    }
    if (Record.isExpiredAt(record, now)) {
      changes.delete(key, Record.partition(record));
      changes.emit(CacheEvent.expired(key, Record.value(record)));
      return null;
    }
    byte[] touched = tracker.touch(record, now);
    if (touched != null) {
      store.writeHeader(key.bytes(), touched);
      if (replicated) {
        accessLog.touched(key.bytes(), Arrays.copyOf(touched, Record.HEADER_SIZE));
      }
      return touched;
    }
    return record;
  }

  /** Returns the reads of this member's entries that its backups have not heard of yet. */
  public AccessLog accessLog() {
    return accessLog;
  }

  /**
   * Applies reads that the owner of some of this member's copies saw: counts them in the
   * frequency sketch and takes over the access fields of each copy whose version equals the
   * owner's, so this member ranks the copies as the owner did if it becomes their owner.
   * Skips a key whose stripe another thread holds.
   *
   * @param readHashes the key hash of each read
   * @param keys keys whose access fields changed
   * @param headers the owner's record header of each key
   */
  public void applyAccess(int[] readHashes, List<byte[]> keys, List<byte[]> headers) {
    AccessTracker tracker = accessTracker;
    for (int hash : readHashes) {
      tracker.count(hash);
    }
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i);
      byte[] header = headers.get(i);
      int hash = KeyHash.of(key);
      if (!store.locks().tryLock(hash)) {
        continue;
      }
      try {
        byte[] record = store.get(key);
        if (record != null && Record.version(record) == Record.version(header)) {
          byte[] updated = record.clone();
          Record.setAccessTick(updated, Record.accessTick(header));
          Record.setFrequency(updated, Record.frequency(header));
          store.writeHeader(key, updated);
        }
      } finally {
        store.locks().unlock(hash);
      }
    }
  }

  /**
   * Stores a new entry with the creation expiry and emits a created event. Returns false,
   * storing nothing, when the policy makes the entry expire at once.
   */
  private boolean storeCreated(Binary key, Binary value, long now, Op changes) {
    long expiryTime = expiry.forCreation(now);
    if (expiryTime <= now) {
      return false;
    }
    int partition = KeyHash.partition(key.hash(), partitionCount);
    byte[] record = Record.create(partition, versions.next(partition), expiryTime, now,
        value.bytes());
    changes.write(key, partition, record);
    changes.emit(CacheEvent.created(key, value.bytes()));
    return true;
  }

  /** Replaces the value of a live entry, applying the update expiry, and emits an event. */
  private void storeUpdated(Binary key, byte[] record, Binary value, long now, Op changes) {
    long expiryTime = expiry.forUpdate(now);
    if (expiryTime == ExpiryCalculator.UNCHANGED) {
      expiryTime = Record.expiryTime(record);
    }
    int partition = Record.partition(record);
    byte[] updated = Record.create(partition, versions.next(partition), expiryTime, now,
        value.bytes());
    Record.setFrequency(updated, Record.frequency(record));
    changes.write(key, partition, updated);
    changes.emit(CacheEvent.updated(key, value.bytes(), Record.value(record)));
  }

  /** Applies the access expiry to a live record that was read. */
  private void applyAccessExpiry(Binary key, byte[] record, long now, Op changes) {
    long expiryTime = expiry.forAccess(now);
    if (expiryTime == ExpiryCalculator.UNCHANGED || expiryTime == Record.expiryTime(record)) {
      return;
    }
    byte[] updated = Arrays.copyOf(record, record.length);
    Record.setExpiryTime(updated, expiryTime);
    int partition = Record.partition(record);
    Record.setVersion(updated, versions.next(partition));
    changes.write(key, partition, updated);
  }

  private boolean valueEquals(byte[] record, Binary expected) {
    byte[] stored = Record.value(record);
    if (Arrays.equals(stored, expected.bytes())) {
      return true;
    }
    Object storedObject = codec.deserialize(stored);
    return storedObject.equals(expected.object(codec));
  }

  private void writeThrough(Binary key, Binary value) {
    if (writer != null) {
      Integration.write(writer, new PiglixEntry<>(key.object(codec), value.object(codec)));
    }
  }

  private void deleteThrough(Binary key) {
    if (writer != null) {
      Integration.delete(writer, key.object(codec));
    }
  }

  private void lock(Binary key) {
    store.locks().lock(key.hash());
  }

  private Op newOp() {
    return new Op(events.hasListeners(), replicator.isActive());
  }

  /** Replicates the operation's changes, then delivers its events. */
  private void publish(Op changes) {
    if (changes.mutations != null && !changes.mutations.isEmpty()) {
      replicator.replicate(cacheId, changes.mutations);
    }
    if (changes.events != null && !changes.events.isEmpty()) {
      events.publish(changes.events);
    }
  }

  private void publishAndUnlock(Binary key, Op changes) {
    try {
      publish(changes);
    } finally {
      store.locks().unlock(key.hash());
    }
  }

  /**
   * The changes and events of one operation. Changes are applied to the store at once and
   * collected for replication; events are collected for delivery after replication.
   */
  private final class Op {

    final List<CacheEvent> events;
    final List<Mutation> mutations;

    Op(boolean collectEvents, boolean collectMutations) {
      this.events = collectEvents ? new ArrayList<>(2) : null;
      this.mutations = collectMutations ? new ArrayList<>(2) : null;
    }

    void write(Binary key, int partition, byte[] record) {
      store.put(key.bytes(), record);
      if (mutations != null) {
        mutations.add(new Mutation(partition, key.bytes(), record, Record.version(record)));
      }
    }

    void delete(Binary key, int partition) {
      long version = versions.next(partition);
      store.remove(key.bytes());
      if (mutations != null) {
        mutations.add(new Mutation(partition, key.bytes(), null, version));
      }
    }

    void emit(CacheEvent event) {
      if (events != null) {
        events.add(event);
      }
    }
  }

  /**
   * The entries one {@link #evict} call removed.
   *
   * @param bytes the record bytes, keys included, that the evicted entries took
   * @param entries the number of evicted entries
   * @param ownedEntries the evicted entries of owned partitions: those that left the cache,
   *     not a backup copy
   */
  public record Evicted(long bytes, long entries, long ownedEntries) {
  }

  @Override
  public String toString() {
    return "CacheEngine{'" + cacheName + "', " + store.size() + " records}";
  }
}
