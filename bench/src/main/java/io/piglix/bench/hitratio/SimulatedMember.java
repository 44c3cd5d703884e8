package io.piglix.bench.hitratio;

import io.piglix.eviction.AccessTracker;
import io.piglix.eviction.Cut;
import io.piglix.eviction.EvictionPlanner;
import io.piglix.eviction.EvictionPolicy;
import io.piglix.eviction.HeatHistogram;
import io.piglix.store.Record;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One storage member of a simulated piglix pool: a store of record headers split into the
 * segments of a Chronicle Map, piglix's {@link AccessTracker} for the cache, and the steps of
 * the member's capacity agent (report, carrying out a cut, making room for a write), written
 * after {@code io.piglix.member.CapacityAgent} and {@code io.piglix.store.ChronicleTable}
 * with the stores' values left out.
 */
final class SimulatedMember {

  /** Record headers a report reads, as {@code CapacityAgent.SAMPLE_RECORDS}. */
  static final int SAMPLE_RECORDS = 8192;

  /** A write that finds its store full evicts the coldest of every this many entries. */
  static final int ROOM_SHARE = 8;

  /** Times a write that finds its store full asks for room before it fails. */
  static final int ROOM_ATTEMPTS = 8;

  /** Share of its map's entries a store keeps under a memory budget. */
  static final double BUDGETED_FILL = 0.9;

  /**
   * Bytes of key and record per entry: a 16-byte key, the 24-byte record header and a
   * 100-byte value with 2 bytes of Kryo framing. All entries are the same size, so only the
   * ratios matter to the plan.
   */
  static final long ENTRY_BYTES = 16 + Record.HEADER_SIZE + 102;

  static final String CACHE = "simulated";

  private static final byte[] NO_VALUE = new byte[0];

  private final String name;
  private final KeySpace keySpace;
  private final AccessTracker tracker;
  private final int capacity;
  private final long segmentLimit;
  private final List<Map<Integer, byte[]>> segments = new ArrayList<>();
  private int size;
  private int samplePosition;
  private long version;

  long plannedEvictions;
  long roomEvictions;
  long rejectedWrites;

  /**
   * Creates a member whose store holds {@code capacity} entries in a map of {@code segmentCount}
   * segments, sized for {@code capacity / 0.9} entries as piglix sizes a map under a budget.
   */
  SimulatedMember(String name, KeySpace keySpace, EvictionPolicy policy, int capacity,
      int segmentCount) {
    this.name = name;
    this.keySpace = keySpace;
    this.tracker = new AccessTracker(policy);
    this.capacity = capacity;
    this.segmentLimit = Math.max(1, Math.round(capacity / BUDGETED_FILL) / segmentCount);
    for (int i = 0; i < segmentCount; i++) {
      segments.add(new LinkedHashMap<>());
    }
  }

  /** Reads a key this member owns as {@code CacheEngine} does, storing it on a miss. */
  boolean read(int key, long nowMillis) {
    int hash = keySpace.hash(key);
    tracker.count(hash);
    Map<Integer, byte[]> segment = segments.get(segmentOf(hash));
    byte[] record = segment.get(key);
    if (record != null) {
      byte[] touched = tracker.touch(record, nowMillis);
      if (touched != null) {
        segment.put(key, touched);
      }
      return true;
    }
    store(key, hash, segment, nowMillis);
    return false;
  }

  private void store(int key, int hash, Map<Integer, byte[]> segment, long nowMillis) {
    for (int attempt = 1; isFull(segment); attempt++) {
      if (attempt > ROOM_ATTEMPTS || !makeRoom(key, segment, nowMillis)) {
        rejectedWrites++;
        return;
      }
    }
    segment.put(key, Record.create(keySpace.partition(key), ++version, Record.ETERNAL,
        nowMillis, NO_VALUE));
    size++;
  }

  /**
   * Returns whether a new key is refused: the store holds its capacity, or it is over half
   * full and the key's segment holds its share of the map.
   */
  private boolean isFull(Map<Integer, byte[]> segment) {
    return size >= capacity || (size >= capacity / 2 && segment.size() >= segmentLimit);
  }

  /** Evicts the coldest eighth of the written key's segment, as {@code makeRoom} does. */
  private boolean makeRoom(int writingKey, Map<Integer, byte[]> segment, long nowMillis) {
    int nowTick = Record.ticks(nowMillis);
    List<long[]> candidates = new ArrayList<>(segment.size());
    for (Map.Entry<Integer, byte[]> entry : segment.entrySet()) {
      int key = entry.getKey();
      if (key != writingKey) {
        int hash = keySpace.hash(key);
        candidates.add(new long[] {key, tracker.heat(entry.getValue(), hash, nowTick),
            slotOrder(hash)});
      }
    }
    if (candidates.isEmpty()) {
      return false;
    }
    int count = Math.max(1, candidates.size() / ROOM_SHARE);
    // Chronicle Map reads a segment in the order of its hash slots, which has nothing to do
    // with when a key came: among equal heats, the slot order decides.
    candidates.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1])
        : Long.compare(a[2], b[2]));
    for (int i = 0; i < count; i++) {
      segment.remove((int) candidates.get(i)[0]);
    }
    size -= count;
    roomEvictions += count;
    return true;
  }

  /** Returns the member's usage with the heat of a sample of its entries, as a report does. */
  EvictionPlanner.MemberUsage report(int nowTick) {
    tracker.ensureCapacity(capacity);
    HeatHistogram sampled = HeatHistogram.empty();
    int read = 0;
    boolean wrapped = false;
    while (read < SAMPLE_RECORDS && !(wrapped && samplePosition == 0)) {
      int before = read;
      do {
        for (Map.Entry<Integer, byte[]> entry : segments.get(samplePosition).entrySet()) {
          sampled.add(tracker.heat(entry.getValue(), keySpace.hash(entry.getKey()), nowTick),
              ENTRY_BYTES);
          read++;
        }
        samplePosition = (samplePosition + 1) % segments.size();
      } while (read < SAMPLE_RECORDS && samplePosition != 0);
      wrapped |= samplePosition == 0;
      if (read == before && samplePosition == 0) {
        break;
      }
    }
    List<EvictionPlanner.CacheUsage> caches = new ArrayList<>();
    long sampledEntries = sampled.totalEntries();
    if (sampledEntries > 0) {
      HeatHistogram heat = sampled.scaled(size / (double) sampledEntries);
      caches.add(new EvictionPlanner.CacheUsage(CACHE, tracker.policy(), 0, 0, 1, size,
          size * ENTRY_BYTES, heat));
    }
    return new EvictionPlanner.MemberUsage(name, capacity * ENTRY_BYTES, fill(), false,
        caches);
  }

  /** Returns the share of the store's capacity in use, the member's fill. */
  double fill() {
    return size / (double) capacity;
  }

  /**
   * Carries out the cuts of a plan that apply to this member at its fill, as
   * {@code CapacityAgent.apply} does.
   */
  void apply(EvictionPlanner.Plan plan, int nowTick, int salt) {
    Cut cut = plan.cutsFor(fill()).get(CACHE);
    if (cut != null) {
      evict(cut, nowTick, salt);
    }
  }

  /** Evicts the entries a cut selects, in one pass over the store. */
  private void evict(Cut cut, int nowTick, int salt) {
    for (Map<Integer, byte[]> segment : segments) {
      Iterator<Map.Entry<Integer, byte[]>> entries = segment.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<Integer, byte[]> entry = entries.next();
        int hash = keySpace.hash(entry.getKey());
        if (cut.evicts(tracker.heat(entry.getValue(), hash, nowTick), hash, salt)) {
          entries.remove();
          size--;
          plannedEvictions++;
        }
      }
    }
  }

  int size() {
    return size;
  }

  /** Returns the segment of a key; Chronicle Map picks it from its own hash of the key. */
  private int segmentOf(int hash) {
    return (int) ((mix(hash) >>> 33) % segments.size());
  }

  private static long slotOrder(int hash) {
    return mix(hash) & 0xFFFF_FFFFL;
  }

  private static long mix(int hash) {
    long mixed = hash * 0xBF58476D1CE4E5B9L;
    return mixed ^ (mixed >>> 31);
  }
}
