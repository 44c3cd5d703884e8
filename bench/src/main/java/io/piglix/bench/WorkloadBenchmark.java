package io.piglix.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The throughput workloads every provider runs, on 100,000 preloaded keys with two threads:
 * get (hit and miss), put, a 90/10 mix, an entry processor that increments a Long, and getAll
 * and putAll of 100 keys. Each operation picks its key, or its set of keys, uniformly at
 * random. Subclasses open the caches: {@link SingleMemberBenchmark} on one member,
 * {@link ClusterBenchmark} on a pool of three.
 *
 * <p>Each benchmark runs in its own forked JVM unless the command line sets otherwise, with the
 * flags Chronicle Map needs on Java 17 (the other providers ignore them) and a fixed 2 GiB heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {
    "-Xms2g", "-Xmx2g",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "-Djava.net.preferIPv4Stack=true",
    "-Dchronicle.analytics.disable=true",
    "-Dhazelcast.jcache.provider.type=member",
    "-Dhazelcast.phone.home.enabled=false",
    "-Dorg.jboss.logging.provider=slf4j",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
public abstract class WorkloadBenchmark {

  /**
   * Number of preloaded keys: 100,000, or the system property {@code bench.keyCount}, which
   * the smoke mode of bench/run.sh lowers so that set-up takes little time.
   */
  public static final int KEY_COUNT = Integer.getInteger("bench.keyCount", 100_000);

  /** Number of distinct values that puts write, so a put does not always write the same array. */
  private static final int PUT_VALUE_COUNT = 1024;

  /** Number of distinct key sets of getAll and maps of putAll. */
  private static final int BATCH_COUNT = 1024;

  /** Size of every value in bytes. */
  @Param({"100", "2048"})
  public int valueSize;

  private Cache<String, byte[]> cache;
  private Cache<String, Long> counters;
  private String[] keys;
  private String[] missingKeys;
  private byte[][] putValues;
  private List<Set<String>> keySets;
  private List<Map<String, byte[]>> batches;
  private final LongAdder increments = new LongAdder();
  private long counterSumBefore;

  /** Returns the provider's name, for messages. */
  protected abstract String providerName();

  /** Returns the cache of byte[] values with this name, creating it if needed. */
  protected abstract Cache<String, byte[]> openCache(String name);

  /** Returns the cache of Long counters, creating it if needed. */
  protected abstract Cache<String, Long> openCounters();

  /**
   * Returns whether the cache already contains the preloaded keys, so the set-up can skip
   * loading them: true when a pool outlives a trial and an earlier trial loaded the cache.
   */
  protected boolean loaded(String cacheName) {
    return false;
  }

  /** Records that the cache now contains the preloaded keys. */
  protected void markLoaded(String cacheName) {
  }

  /**
   * Returns the step between the keys that the check after a run reads: 1 reads every key.
   * A pool returns more, because reading 100,000 keys there takes seconds per trial
   * (Infinispan's getAll of 100 keys runs at a few hundred calls per second).
   */
  protected int verifyStep() {
    return 1;
  }

  /**
   * Opens and loads the cache the benchmark needs: the counters for the entry processor,
   * otherwise the cache of {@link #valueSize}-byte values. Checks that every key is present.
   */
  protected void prepare(BenchmarkParams params) {
    keys = Workload.keys(KEY_COUNT);
    if (params.getBenchmark().endsWith(".invokeIncrement")) {
      counters = openCounters();
      if (!loaded(Workload.COUNTER_CACHE)) {
        Workload.loadCounters(counters, KEY_COUNT);
        markLoaded(Workload.COUNTER_CACHE);
      }
      counterSumBefore = requireCounters("after loading");
      return;
    }
    String name = Workload.cacheName(valueSize);
    cache = openCache(name);
    if (!loaded(name)) {
      Workload.load(cache, KEY_COUNT, Workload.values(KEY_COUNT, valueSize));
      requirePresent("after loading", 1);
      markLoaded(name);
    }
    missingKeys = Workload.missingKeys(KEY_COUNT);
    putValues = Workload.values(PUT_VALUE_COUNT, valueSize);
    keySets = Workload.keySets(BATCH_COUNT, KEY_COUNT);
    batches = Workload.batches(keySets, putValues);
  }

  /**
   * Checks that no entry was lost during the run and, for the entry processor, that the
   * counters grew by exactly the number of calls.
   */
  protected void verify() {
    if (counters != null) {
      long sum = requireCounters("after the run");
      if (sum - counterSumBefore != increments.sum()) {
        throw new IllegalStateException(providerName() + ": the counters grew by "
            + (sum - counterSumBefore) + " during " + increments.sum()
            + " increments; the results are invalid");
      }
    }
    if (cache != null) {
      requirePresent("after the run", verifyStep());
    }
  }

  /** Reads a preloaded key: always a hit. */
  @Benchmark
  public byte[] get() {
    return cache.get(keys[ThreadLocalRandom.current().nextInt(KEY_COUNT)]);
  }

  /** Reads a key that was never loaded: always a miss. */
  @Benchmark
  public byte[] getMiss() {
    return cache.get(missingKeys[ThreadLocalRandom.current().nextInt(KEY_COUNT)]);
  }

  /** Overwrites a preloaded key. */
  @Benchmark
  public void put() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    cache.put(keys[random.nextInt(KEY_COUNT)], putValues[random.nextInt(PUT_VALUE_COUNT)]);
  }

  /** Reads a preloaded key 9 times out of 10 and overwrites one otherwise. */
  @Benchmark
  public byte[] getPut90x10() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = keys[random.nextInt(KEY_COUNT)];
    if (random.nextInt(10) == 0) {
      cache.put(key, putValues[random.nextInt(PUT_VALUE_COUNT)]);
      return null;
    }
    return cache.get(key);
  }

  /** Adds 1 to a Long counter with an entry processor that runs where the entry lives. */
  @Benchmark
  public Long invokeIncrement() {
    Long next = counters.invoke(keys[ThreadLocalRandom.current().nextInt(KEY_COUNT)],
        io.piglix.bench.processor.Increment.INSTANCE);
    increments.increment();
    return next;
  }

  /** Reads 100 preloaded keys in one call. */
  @Benchmark
  public Map<String, byte[]> getAll() {
    return cache.getAll(keySets.get(ThreadLocalRandom.current().nextInt(BATCH_COUNT)));
  }

  /** Overwrites 100 preloaded keys in one call. */
  @Benchmark
  public void putAll() {
    cache.putAll(batches.get(ThreadLocalRandom.current().nextInt(BATCH_COUNT)));
  }

  /** Checks that every {@code step}-th key is present with a value of the right size. */
  private void requirePresent(String when, int step) {
    int expected = (KEY_COUNT + step - 1) / step;
    int present = Workload.countPresent(cache, KEY_COUNT, step, valueSize);
    if (present != expected) {
      throw new IllegalStateException(providerName() + " contains " + present + " of "
          + expected + " checked keys " + when + "; the cache evicted or lost entries, so the"
          + " results are invalid");
    }
  }

  /** Checks that every counter is present and returns their sum. */
  private long requireCounters(String when) {
    long[] presentAndSum = Workload.countersPresentAndSum(counters, KEY_COUNT);
    if (presentAndSum[0] != KEY_COUNT) {
      throw new IllegalStateException(providerName() + " contains " + presentAndSum[0]
          + " of " + KEY_COUNT + " counters " + when + "; the results are invalid");
    }
    return presentAndSum[1];
  }
}
