package io.piglix.bench;

import io.piglix.PiglixCacheManager;
import io.piglix.bench.pool.LoopbackPorts;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.PiglixConfig;
import io.piglix.member.CacheRuntime;
import io.piglix.spi.PiglixCachingProvider;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.cache.Cache;

/**
 * Measures how much of a storage member's contributed memory stores application data: starts
 * one piglix storage member on 127.0.0.1, loads 16-byte keys with 100-byte values until the
 * capacity manager evicts, lets it settle, and reports the key and value bytes stored per
 * contributed byte with a breakdown of the per-entry overhead.
 *
 * <p>Usage: {@code UsableData [CONTRIBUTED_MIB]}, default 256; prints a report and, as the
 * last line, one JSON object.
 */
public final class UsableData {

  private static final int DEFAULT_MIB = 256;
  private static final int KEY_BYTES = 16;
  private static final int VALUE_BYTES = 100;
  private static final int BATCH = 1_000;

  /** Entries loaded after the first eviction, as a share of the entries loaded until then. */
  private static final double EXTRA_LOAD = 0.25;

  /** Planning rounds to wait after loading, so the capacity manager's last cuts are done. */
  private static final int SETTLE_ROUNDS = 6;

  private UsableData() {
  }

  /** Loads the member until it evicts and prints the measurements. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length > 1) {
      usage(args.length + " arguments given, expected at most one");
    }
    long mib = DEFAULT_MIB;
    if (args.length == 1) {
      try {
        mib = Long.parseLong(args[0]);
      } catch (NumberFormatException e) {
        usage("CONTRIBUTED_MIB must be a whole number of MiB, not '" + args[0] + "'");
      }
      if (mib < 16) {
        usage("CONTRIBUTED_MIB must be at least 16, not " + mib);
      }
    }
    long contributed = mib << 20;
    int port = LoopbackPorts.free(1).get(0);
    ClusterConfig cluster = ClusterConfig.builder()
        .name("usable-data-" + Long.toHexString(System.nanoTime()))
        .role(MemberRole.STORAGE)
        .contributedBytes(contributed)
        .bindAddress(LoopbackPorts.ADDRESS)
        .port(port)
        .members(List.of(LoopbackPorts.ADDRESS + "[" + port + "]"))
        .build();
    PiglixConfig config = PiglixConfig.builder().cluster(cluster).build();
    try (PiglixCachingProvider provider = new PiglixCachingProvider()) {
      PiglixCacheManager manager = (PiglixCacheManager) provider.getCacheManager(
          URI.create("piglix:usable-data"), UsableData.class.getClassLoader(), config);
      Cache<String, byte[]> cache = Workload.openCache(manager, "usable-data");
      CacheRuntime runtime = manager.member().caches().get(0);
      RecordStore store = runtime.store();

      long loaded = loadUntilEvicted(cache, runtime, contributed / (KEY_BYTES + VALUE_BYTES));
      long peak = loaded - runtime.evictions();
      long more = (long) (loaded * EXTRA_LOAD);
      load(cache, loaded, loaded + more);
      loaded += more;
      Thread.sleep(SETTLE_ROUNDS * io.piglix.PiglixMember.CAPACITY_INTERVAL_MILLIS);

      report(contributed, loaded, peak, runtime, store);
    }
    // A provider thread that outlives its manager must not keep this JVM running.
    System.exit(0);
  }

  /**
   * Loads batches until the first entry is evicted; returns the number of entries loaded.
   *
   * @throws IllegalStateException when {@code limit} entries, as many key and value bytes as
   *     the member contributes, were loaded and nothing was evicted
   */
  private static long loadUntilEvicted(Cache<String, byte[]> cache, CacheRuntime runtime,
      long limit) {
    long loaded = 0;
    while (runtime.evictions() == 0) {
      if (loaded >= limit) {
        throw new IllegalStateException("the member evicted nothing after " + loaded
            + " entries, as many key and value bytes as it contributes; the capacity manager"
            + " does not keep it within its contribution");
      }
      load(cache, loaded, loaded + BATCH);
      loaded += BATCH;
    }
    return loaded;
  }

  private static void load(Cache<String, byte[]> cache, long from, long to) {
    SplittableRandom random = new SplittableRandom(from);
    Map<String, byte[]> batch = new HashMap<>();
    for (long i = from; i < to; i++) {
      byte[] value = new byte[VALUE_BYTES];
      random.nextBytes(value);
      batch.put(Workload.key(Math.toIntExact(i)), value);
      if (batch.size() == BATCH || i == to - 1) {
        cache.putAll(batch);
        batch.clear();
      }
    }
  }

  private static void report(long contributed, long loaded, long peak, CacheRuntime runtime,
      RecordStore store) {
    long entries = store.size();
    long payload = (long) (KEY_BYTES + VALUE_BYTES) * entries;
    long peakPayload = (long) (KEY_BYTES + VALUE_BYTES) * peak;
    double stored = store.payloadBytes() / (double) entries;
    double offHeap = store.offHeapBytes() / (double) entries;
    double mapEntryBytes = store.offHeapBytes() / (double) store.capacity();
    line("contributed: %,d bytes (%d MiB)", contributed, contributed >> 20);
    line("loaded: %,d entries of a %d-byte key and a %d-byte value", loaded, KEY_BYTES,
        VALUE_BYTES);
    line("stored at the first eviction: %,d entries, %,d key and value bytes, %.1f%% of"
        + " the contribution", peak, peakPayload, 100.0 * peakPayload / contributed);
    line("stored after the capacity manager settled: %,d entries, %,d key and value bytes,"
        + " %.1f%% of the contribution", entries, payload, 100.0 * payload / contributed);
    line("evicted: %,d entries", runtime.evictions());
    line("per entry: %.1f bytes of serialized key and record (%d B key and value, %d B"
        + " record header, %.1f B Kryo framing)", stored, KEY_BYTES + VALUE_BYTES,
        Record.HEADER_SIZE, stored - KEY_BYTES - VALUE_BYTES - Record.HEADER_SIZE);
    line("per entry: %.1f bytes of Chronicle Map off-heap memory per stored entry; the map"
        + " takes %.1f bytes per entry it is sized for, and holds %,d of %,d (%.1f%%)", offHeap,
        mapEntryBytes, entries, store.capacity(), 100.0 * entries / store.capacity());
    line("map: %,d of %,d contributed bytes (%.1f%%)", store.offHeapBytes(), contributed,
        100.0 * store.offHeapBytes() / contributed);
    line("contributed bytes per stored entry: %.1f", contributed / (double) entries);
    System.out.printf(Locale.ROOT, "{\"contributedBytes\":%d,\"loadedEntries\":%d,"
        + "\"peakEntries\":%d,\"settledEntries\":%d,\"peakUsable\":%.4f,\"settledUsable\":%.4f,"
        + "\"storedBytesPerEntry\":%.1f,\"offHeapBytesPerEntry\":%.1f,\"mapCapacity\":%d,"
        + "\"mapOffHeapBytes\":%d}%n", contributed, loaded, peak, entries,
        peakPayload / (double) contributed, payload / (double) contributed, stored, offHeap,
        store.capacity(), store.offHeapBytes());
  }

  private static void usage(String problem) {
    System.err.println("UsableData: " + problem + "; usage: UsableData [CONTRIBUTED_MIB]");
    System.exit(2);
  }

  private static void line(String format, Object... arguments) {
    System.out.println(String.format(Locale.ROOT, format, arguments));
  }
}
