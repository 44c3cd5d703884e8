package io.piglix.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

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

    CachingProvider cachingProvider = provider.cachingProvider();
    CacheManager manager = provider.openCacheManager(cachingProvider);
    try {
      Cache<String, byte[]> cache = Workload.createCache(manager);
      long heapBefore = heapUsedAfterFullGc();
      long rssBefore = residentSetBytes();

      long started = System.nanoTime();
      load(cache, entries);
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      int present = Workload.countPresent(cache, entries);
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
    } finally {
      Workload.close(cachingProvider, manager);
    }
  }

  /** Puts {@code entries} keys, each with its own random value, generated on the fly. */
  private static void load(Cache<String, byte[]> cache, int entries) {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < entries; i++) {
      byte[] value = new byte[Workload.VALUE_SIZE];
      for (int j = 0; j < value.length; j++) {
        value[j] = (byte) random.nextInt(256);
      }
      cache.put(Workload.key(i), value);
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
