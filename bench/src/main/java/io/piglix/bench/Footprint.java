package io.piglix.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.cache.Cache;

/**
 * Measures the memory one provider uses for a number of entries: Java heap used after a full GC
 * and the resident set size of the process, before and after loading. Run it in a fresh JVM per
 * provider, with the same flags as the benchmarks.
 *
 * <p>Usage: {@code Footprint PROVIDER [ENTRIES]}; prints one JSON object on standard output.
 */
public final class Footprint {

  private static final int DEFAULT_ENTRIES = 1_000_000;
  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private Footprint() {
  }

  /** Loads the entries, measures and prints the result. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: Footprint PROVIDER [ENTRIES]; PROVIDER is one of "
          + Provider.names() + ", ENTRIES defaults to " + DEFAULT_ENTRIES);
      System.exit(2);
    }
    Provider provider = Provider.byName(args[0]);
    int entries = args.length == 2 ? Integer.parseInt(args[1]) : DEFAULT_ENTRIES;

    try (Provider.Session session = provider.open()) {
      Cache<String, byte[]> cache = Workload.openCache(session.manager(),
          Workload.cacheName(Workload.DEFAULT_VALUE_SIZE));
      long heapBefore = heapUsedAfterFullGc();
      long rssBefore = residentSetBytes();

      long started = System.nanoTime();
      load(cache, entries);
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      int present = Workload.countPresent(cache, entries, Workload.DEFAULT_VALUE_SIZE);
      if (present != entries) {
        throw new IllegalStateException(provider.lowerCaseName() + " contains " + present
            + " of " + entries + " entries after loading; the cache evicted or lost entries");
      }

      long heapAfter = heapUsedAfterFullGc();
      long rssAfter = residentSetBytes();
      Reference.reachabilityFence(cache);

      System.out.println(String.format(Locale.ROOT,
          "{\"provider\":\"%s\",\"entries\":%d,\"heapBeforeBytes\":%d,\"heapAfterBytes\":%d,"
              + "\"rssBeforeBytes\":%d,\"rssAfterBytes\":%d,\"loadSeconds\":%.2f,"
              + "\"jvm\":\"%s\"}",
          provider.lowerCaseName(), entries, heapBefore, heapAfter, rssBefore, rssAfter,
          loadSeconds, System.getProperty("java.vm.version")));
    }
    // A provider thread that outlives its manager must not keep this JVM running.
    System.exit(0);
  }

  /**
   * Puts {@code entries} keys, each with its own random value of
   * {@link Workload#DEFAULT_VALUE_SIZE} bytes, generated on the fly and written with putAll in
   * batches of 1,000 entries.
   */
  private static void load(Cache<String, byte[]> cache, int entries) {
    SplittableRandom random = new SplittableRandom(7);
    Map<String, byte[]> batch = new HashMap<>();
    for (int i = 0; i < entries; i++) {
      byte[] value = new byte[Workload.DEFAULT_VALUE_SIZE];
      for (int j = 0; j < value.length; j++) {
        value[j] = (byte) random.nextInt(256);
      }
      batch.put(Workload.key(i), value);
      if (batch.size() == 1000 || i == entries - 1) {
        cache.putAll(batch);
        batch.clear();
      }
    }
  }

  /**
   * Runs full collections until the used heap stops shrinking, then returns it. With the
   * default G1 collector, {@code System.gc()} runs a full, stop-the-world collection.
   */
  private static long heapUsedAfterFullGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < 10; round++) {
      System.gc();
      Thread.sleep(200);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= previous - 64 * 1024) {
        return Math.min(used, previous);
      }
      previous = used;
    }
    return previous;
  }

  /** Returns VmRSS from /proc/self/status in bytes. */
  private static long residentSetBytes() throws IOException {
    for (String line : Files.readAllLines(PROC_STATUS)) {
      if (line.startsWith("VmRSS:")) {
        String[] fields = line.trim().split("\\s+");
        return Long.parseLong(fields[1]) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS line in " + PROC_STATUS);
  }
}
