package io.piglix.member;

import io.piglix.configuration.BoundsDefinition;
import io.piglix.engine.CacheEngine;
import io.piglix.eviction.AccessTracker;
import io.piglix.eviction.Cut;
import io.piglix.eviction.EvictionPlanner;
import io.piglix.eviction.HeatHistogram;
import io.piglix.partition.KeyHash;
import io.piglix.store.MemoryBudget;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A storage member's side of the capacity manager: reports what the member's caches hold,
 * carries out the cuts the plan orders, and makes room at once when a write finds a store
 * full.
 *
 * <p>A report samples each cache's entries: up to {@link #SAMPLE_RECORDS} record headers per
 * report, read on from where the previous report stopped, so over a few reports every entry
 * is seen. A cut is carried out in one pass over the cache's records, evicting the entries of
 * owned partitions the cut selects, one map segment at a time; the removals reach the
 * backups in one batch per segment.
 */
public final class CapacityAgent {

  /** Record headers read per cache and report. */
  public static final int SAMPLE_RECORDS = 8192;

  /**
   * When a write finds its store full, the coldest of every this many entries stored next to
   * the written key are evicted.
   */
  static final int ROOM_SHARE = 8;

  private static final Logger LOG = LoggerFactory.getLogger(CapacityAgent.class);

  private final String memberName;
  private final Supplier<List<CacheRuntime>> caches;
  private final MemoryBudget budget;
  private final Supplier<IntPredicate> owned;
  private final Supplier<ExpirySweeper.PartitionGuard> guard;
  private final Map<CacheId, int[]> samplePositions = new ConcurrentHashMap<>();
  private final AtomicBoolean evicting = new AtomicBoolean();
  private final Executor replication;
  private volatile int reportTick = Record.ticks(System.currentTimeMillis());

  /**
   * Creates the agent of a member.
   *
   * @param memberName the member's name, for logs
   * @param caches the member's caches
   * @param budget the memory the member contributes
   * @param owned tells whether this member owns a partition, read on each use
   * @param guard holds a partition while its entries are evicted
   * @param replication replicates the removals of entries evicted to make room for a write
   */
  public CapacityAgent(String memberName, Supplier<List<CacheRuntime>> caches,
      MemoryBudget budget, Supplier<IntPredicate> owned,
      Supplier<ExpirySweeper.PartitionGuard> guard, Executor replication) {
    this.replication = replication;
    this.memberName = memberName;
    this.caches = caches;
    this.budget = budget;
    this.owned = owned;
    this.guard = guard;
  }

  /** Sets up a new cache: its store makes room by evicting when it is full. */
  public void attach(CacheRuntime runtime) {
    RecordStore store = runtime.store();
    if (store != null) {
      store.setRoomMaker((full, writingKey) -> makeRoom(runtime, writingKey));
    }
  }

  /** Returns the member's usage and the heat of the entries it owns, for the plan. */
  public EvictionPlanner.MemberUsage report() {
    reportTick = Record.ticks(System.currentTimeMillis());
    IntPredicate owns = owned.get();
    List<EvictionPlanner.CacheUsage> usages = new ArrayList<>();
    long used = 0;
    double fullestStore = 0;
    for (CacheRuntime runtime : caches.get()) {
      RecordStore store = runtime.store();
      if (store == null || runtime.isClosed() || store.size() == 0) {
        continue;
      }
      try {
        used += store.usedBytes();
        fullestStore = Math.max(fullestStore, store.fill());
        runtime.accessTracker().ensureCapacity(store.capacity());
        EvictionPlanner.CacheUsage usage = sample(runtime, store, owns);
        if (usage != null) {
          usages.add(usage);
        }
      } catch (RuntimeException e) {
        if (!runtime.isClosed()) {
          LOG.warn("{} could not measure cache '{}'", memberName, runtime.id(), e);
        }
      }
    }
    long limit = budget.limit();
    double fill = fill(used, fullestStore);
    samplePositions.keySet().removeIf(id -> caches.get().stream()
        .noneMatch(r -> r.id().equals(id)));
    return new EvictionPlanner.MemberUsage(memberName, limit == Long.MAX_VALUE ? 0 : limit,
        fill, evicting.get(), usages);
  }

  private EvictionPlanner.CacheUsage sample(CacheRuntime runtime, RecordStore store,
      IntPredicate owns) {
    long ownedEntries = 0;
    for (int p = 0; p < store.partitionCount(); p++) {
      if (owns.test(p)) {
        ownedEntries += store.partitionSize(p);
      }
    }
    if (ownedEntries == 0) {
      return null;
    }
    AccessTracker tracker = runtime.accessTracker();
    int nowTick = reportTick;
    HeatHistogram sampled = HeatHistogram.empty();
    int[] position = samplePositions.computeIfAbsent(runtime.id(), id -> new int[1]);
    int read = 0;
    boolean wrapped = false;
    while (read < SAMPLE_RECORDS && !(wrapped && position[0] == 0)) {
      int[] counted = new int[1];
      position[0] = store.readHeads(position[0], SAMPLE_RECORDS - read,
          (key, header, length) -> {
            counted[0]++;
            if (owns.test(Record.partition(header))) {
              sampled.add(tracker.heat(header, KeyHash.of(key), nowTick),
                  (long) key.length + length);
            }
          });
      read += counted[0];
      wrapped |= position[0] == 0;
      if (counted[0] == 0 && position[0] == 0) {
        break;
      }
    }
    long sampledEntries = sampled.totalEntries();
    if (sampledEntries == 0) {
      return null;
    }
    HeatHistogram heat = sampled.scaled(ownedEntries / (double) sampledEntries);
    long ownedBytes = Math.round(store.payloadBytes() * (ownedEntries
        / (double) Math.max(1, store.size())));
    BoundsDefinition bounds = runtime.bounds();
    return new EvictionPlanner.CacheUsage(runtime.id().toString(), tracker.policy(),
        bounds.maxEntries().orElse(0), bounds.maxBytes().orElse(0), bounds.weight(),
        ownedEntries, ownedBytes, heat);
  }

  /**
   * Returns the share of the member's memory in use: the larger of the bytes its stores use
   * against its contribution and the fill of its fullest store, 0 without a limit.
   */
  public double fill() {
    long used = 0;
    double fullestStore = 0;
    for (CacheRuntime runtime : caches.get()) {
      RecordStore store = runtime.store();
      if (store == null || runtime.isClosed()) {
        continue;
      }
      try {
        used += store.usedBytes();
        fullestStore = Math.max(fullestStore, store.fill());
      } catch (RuntimeException e) {
        if (!runtime.isClosed()) {
          LOG.warn("{} could not measure cache '{}'", memberName, runtime.id(), e);
        }
      }
    }
    return fill(used, fullestStore);
  }

  private double fill(long usedBytes, double fullestStore) {
    long limit = budget.limit();
    return limit == Long.MAX_VALUE ? 0 : Math.max(fullestStore, usedBytes / (double) limit);
  }

  /**
   * Carries out the cuts of a plan that apply to this member at its current fill (see
   * {@link EvictionPlanner.Plan#cutsFor}), unless the previous ones are still being carried
   * out; returns the number of entries evicted.
   */
  public long apply(EvictionPlanner.Plan plan) {
    if (plan.isEmpty()) {
      return 0;
    }
    double fill = fill();
    Map<String, Cut> cuts = plan.cutsFor(fill);
    if (fill < EvictionPlanner.LOW_WATERMARK && !plan.pressureCuts().isEmpty()) {
      LOG.debug("{} is below the low watermark at fill {} and skips the pressure cuts of {}",
          memberName, fill, plan.pressureCuts().keySet());
    }
    return apply(cuts);
  }

  private long apply(Map<String, Cut> cuts) {
    if (cuts.isEmpty() || !evicting.compareAndSet(false, true)) {
      return 0;
    }
    long evicted = 0;
    try {
      for (CacheRuntime runtime : caches.get()) {
        Cut cut = cuts.get(runtime.id().toString());
        if (cut == null || runtime.isClosed() || runtime.engine() == null) {
          continue;
        }
        try {
          long count = evictPass(runtime, cut);
          evicted += count;
          LOG.debug("{} evicted {} entries of cache '{}' below heat {}", memberName, count,
              runtime.id(), cut);
        } catch (RuntimeException e) {
          if (!runtime.isClosed()) {
            LOG.warn("{} could not evict entries of cache '{}'", memberName, runtime.id(), e);
          }
        }
      }
    } finally {
      evicting.set(false);
    }
    return evicted;
  }

  /** Returns whether the agent is carrying out cuts. */
  public boolean isEvicting() {
    return evicting.get();
  }

  private long evictPass(CacheRuntime runtime, Cut cut) {
    RecordStore store = runtime.store();
    CacheEngine engine = runtime.engine();
    AccessTracker tracker = runtime.accessTracker();
    IntPredicate owns = owned.get();
    ExpirySweeper.PartitionGuard partitions = guard.get();
    // Heat as of the report the cut was planned from: under LRU every entry cools with time,
    // so heat measured later would put more entries below the cut than the plan counted.
    int nowTick = reportTick;
    int salt = ThreadLocalRandom.current().nextInt();
    long evicted = 0;
    int position = 0;
    do {
      Map<Integer, List<byte[][]>> chosen = new TreeMap<>();
      position = store.readHeads(position, 1, (key, header, length) -> {
        int partition = Record.partition(header);
        int hash = KeyHash.of(key);
        if (owns.test(partition) && cut.evicts(tracker.heat(header, hash, nowTick), hash, salt)) {
          chosen.computeIfAbsent(partition, p -> new ArrayList<>()).add(
              new byte[][] {key, header});
        }
      });
      if (!chosen.isEmpty()) {
        evicted += evictOwned(runtime, engine, partitions, chosen);
      }
    } while (position != 0 && !runtime.isClosed());
    return evicted;
  }

  /** Evicts chosen entries of partitions this member still owns, holding them meanwhile. */
  private static long evictOwned(CacheRuntime runtime, CacheEngine engine,
      ExpirySweeper.PartitionGuard partitions, Map<Integer, List<byte[][]>> chosen) {
    List<Integer> entered = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    try {
      for (Map.Entry<Integer, List<byte[][]>> partition : chosen.entrySet()) {
        if (!partitions.enter(partition.getKey())) {
          continue;
        }
        entered.add(partition.getKey());
        for (byte[][] entry : partition.getValue()) {
          keys.add(entry[0]);
          versions.add(Record.version(entry[1]));
        }
      }
      CacheEngine.Evicted evicted = engine.evict(keys, versions.stream()
          .mapToLong(Long::longValue).toArray(), true, null, keys.size(), partition -> true,
          null);
      runtime.recordEvictions(evicted.ownedEntries());
      return evicted.entries();
    } finally {
      for (int i = entered.size() - 1; i >= 0; i--) {
        partitions.exit(entered.get(i));
      }
    }
  }

  /**
   * Evicts the coldest eighth of the entries stored next to the written key, in the same
   * segment of the store's map, so the write that found the store full can go ahead. Runs in
   * the writing thread, which holds the written key's stripe: it skips entries whose stripe
   * another thread holds rather than wait.
   */
  boolean makeRoom(CacheRuntime runtime, byte[] writingKey) {
    RecordStore store = runtime.store();
    CacheEngine engine = runtime.engine();
    if (store == null || engine == null || runtime.isClosed()) {
      return false;
    }
    AccessTracker tracker = runtime.accessTracker();
    IntPredicate owns = owned.get();
    int nowTick = Record.ticks(System.currentTimeMillis());
    List<Candidate> candidates = new ArrayList<>();
    store.readHeads(store.positionOf(writingKey), 1, (key, header, length) -> {
      if (!Arrays.equals(key, writingKey)) {
        candidates.add(new Candidate(key, Record.version(header),
            tracker.heat(header, KeyHash.of(key), nowTick),
            owns.test(Record.partition(header))));
      }
    });
    int count = Math.max(1, candidates.size() / ROOM_SHARE);
    // Coldest first. At equal heat an owned entry goes first, since evicting it removes every
    // copy, where evicting a backup copy leaves its partition one backup short.
    candidates.sort(Comparator.comparingInt(Candidate::heat)
        .thenComparing(candidate -> !candidate.owned()));
    List<byte[]> keys = new ArrayList<>(candidates.size());
    long[] versions = new long[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      keys.add(candidates.get(i).key());
      versions[i] = candidates.get(i).version();
    }
    // The writing thread may serve another member's replication: it must not wait for one.
    // It holds the stripes of its own keys and skips those other threads hold, so it evicts
    // the coldest entries it can reach.
    CacheEngine.Evicted evicted = engine.evict(keys, versions, false, writingKey, count, owns,
        replication);
    runtime.recordEvictions(evicted.ownedEntries());
    return evicted.entries() > 0;
  }

  /** An entry that may be evicted to make room, with what ranks it. */
  private record Candidate(byte[] key, long version, int heat, boolean owned) {
  }
}
