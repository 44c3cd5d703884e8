package io.piglix.bench;

import io.piglix.bench.pool.Driver;
import io.piglix.bench.pool.JGroupsRoundTrip;
import io.piglix.bench.pool.Pool;
import io.piglix.bench.pool.Pools;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one remote get and one remote put from a single thread, sampled by JMH, next to
 * the bare JGroups round trip with the same stack.
 *
 * <p>The cache providers run a pool of three storage members with one backup and are driven
 * from a fourth member that stores no data (see {@link Driver#CLIENT}), so every operation goes
 * to another member. {@code jgroups} is {@link JGroupsRoundTrip}: for get a request of a 16-byte
 * key answered with a value of {@link #valueSize} bytes, for put a request of a key and a value
 * answered with 4 bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
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
@Warmup(iterations = 1, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
public class RemoteLatencyBenchmark {

  private static final int KEY_COUNT = WorkloadBenchmark.KEY_COUNT;
  private static final int PUT_VALUE_COUNT = 1024;

  /** The provider under test, or {@code jgroups} for the bare round trip. */
  @Param({"piglix", "hazelcast", "infinispan", "jgroups"})
  public String provider;

  /** Size of every value in bytes. */
  @Param({"100", "2048"})
  public int valueSize;

  private Pool pool;
  private Cache<String, byte[]> cache;
  private String[] keys;
  private byte[][] putValues;
  private JGroupsRoundTrip roundTrip;
  private byte[] getRequest;
  private byte[] putRequest;

  /** Starts or reuses the pool and loads the cache, or connects the two JGroups channels. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (provider.equals("jgroups")) {
      roundTrip = JGroupsRoundTrip.start();
      getRequest = JGroupsRoundTrip.request(Workload.KEY_LENGTH, valueSize);
      putRequest = JGroupsRoundTrip.request(Workload.KEY_LENGTH + valueSize, 4);
      return;
    }
    pool = Pools.acquire(provider, Driver.CLIENT);
    String name = Workload.cacheName(valueSize);
    cache = pool.openCache(name);
    keys = Workload.keys(KEY_COUNT);
    if (!Pools.isLoaded(pool, name)) {
      Workload.load(cache, KEY_COUNT, Workload.values(KEY_COUNT, valueSize));
      Pools.markLoaded(pool, name);
    }
    int present = Workload.countPresent(cache, KEY_COUNT, valueSize);
    if (present != KEY_COUNT) {
      throw new IllegalStateException(provider + " contains " + present + " of " + KEY_COUNT
          + " keys after loading; the results would be invalid");
    }
    putValues = Workload.values(PUT_VALUE_COUNT, valueSize);
  }

  /** Releases the pool or closes the channels. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (roundTrip != null) {
      roundTrip.close();
    }
    if (pool != null) {
      Pools.release(pool);
    }
  }

  /** Reads a preloaded key from another member. */
  @Benchmark
  public Object get() throws Exception {
    if (roundTrip != null) {
      return roundTrip.call(getRequest);
    }
    return cache.get(keys[ThreadLocalRandom.current().nextInt(KEY_COUNT)]);
  }

  /** Overwrites a preloaded key whose owner is another member. */
  @Benchmark
  public Object put() throws Exception {
    if (roundTrip != null) {
      return roundTrip.call(putRequest);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    cache.put(keys[random.nextInt(KEY_COUNT)], putValues[random.nextInt(PUT_VALUE_COUNT)]);
    return null;
  }
}
