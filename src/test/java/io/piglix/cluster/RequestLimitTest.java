package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import org.jgroups.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bound on cache requests in flight from one member to another. A write-through writer
 * that waits on a latch makes one owner slow: every put whose value starts with
 * {@code "slow-"} keeps an operation thread of the owner busy until the test opens the latch.
 */
class RequestLimitTest {

  private static final int LIMIT = 2;
  private static final int EXCESS = 4;
  private static final String CACHE = "limited";

  private TestCluster cluster;
  private PiglixCacheManager caller;
  private PiglixCacheManager slow;
  private PiglixCacheManager other;
  private ExecutorService callers;

  private void startPool(Duration operationTimeout) {
    BlockingWriter.reset();
    cluster = new TestCluster(3, 1, 271);
    caller = cluster.start(0, builder -> builder.maxRequestsInFlight(LIMIT)
        .operationTimeout(operationTimeout));
    slow = cluster.start(1, builder -> builder.maxRequestsInFlight(LIMIT)
        .operationTimeout(operationTimeout));
    other = cluster.start(2, builder -> builder.maxRequestsInFlight(LIMIT)
        .operationTimeout(operationTimeout));
    await().atMost(Duration.ofSeconds(60)).until(() ->
        TestCluster.node(caller).poolStatus().healthy());
    caller.createCache(CACHE, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(BlockingWriter.class)));
    callers = Executors.newFixedThreadPool(LIMIT + EXCESS);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    BlockingWriter.release.countDown();
    if (callers != null) {
      callers.shutdownNow();
      callers.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void excessPutsToSlowOwnerFailAtOnce() throws Exception {
    Duration operationTimeout = Duration.ofSeconds(60);
    startPool(operationTimeout);
    Cache<String, String> cache = caller.getCache(CACHE, String.class, String.class);
    List<String> keys = keysOwnedBy(slow, LIMIT + EXCESS);
    for (String key : keys) {
      cache.put(key, "old-" + key);
    }

    Map<String, Future<Long>> puts = new LinkedHashMap<>();
    for (String key : keys) {
      puts.put(key, callers.submit(() -> timedPut(cache, key, "slow-" + key)));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> countDone(puts) == EXCESS);

    Address slowAddress = TestCluster.node(slow).localAddress();
    assertThat(TestCluster.node(caller).requestLimiter().inFlight(slowAddress))
        .as("requests in flight to the slow member").isEqualTo(LIMIT);
    List<String> failedKeys = new ArrayList<>();
    for (Map.Entry<String, Future<Long>> put : puts.entrySet()) {
      if (!put.getValue().isDone()) {
        continue;
      }
      failedKeys.add(put.getKey());
      ExecutionException failure = catchExecution(put.getValue());
      assertThat(failure.getCause()).as("failure of %s", put.getKey())
          .isInstanceOf(CacheException.class);
      assertThat(failure.getCause().getMessage())
          .contains("member " + slowAddress + " already has " + LIMIT + " cache requests")
          .contains("max-requests-in-flight=\"" + LIMIT + "\"")
          .contains("slow or overloaded");
    }
    assertThat(failedKeys).hasSize(EXCESS);
    assertThat(BlockingWriter.release.getCount())
        .as("the excess puts failed while the slow member still held the others").isOne();

    BlockingWriter.release.countDown();
    for (Map.Entry<String, Future<Long>> put : puts.entrySet()) {
      if (failedKeys.contains(put.getKey())) {
        continue;
      }
      long millis = put.getValue().get(60, TimeUnit.SECONDS);
      assertThat(millis).as("put of %s", put.getKey())
          .isLessThan(operationTimeout.toMillis());
      assertThat(cache.get(put.getKey())).isEqualTo("slow-" + put.getKey());
    }
    for (String key : failedKeys) {
      assertThat(cache.get(key)).as("value of rejected %s", key).isEqualTo("old-" + key);
    }
    assertThat(BlockingWriter.ENTERED).as("writes that reached the slow member")
        .hasValue(LIMIT);

    await().atMost(Duration.ofSeconds(30)).until(() ->
        TestCluster.node(caller).requestLimiter().inFlight(slowAddress) == 0);
    List<Future<Long>> again = new ArrayList<>();
    for (String key : keys.subList(0, LIMIT)) {
      again.add(callers.submit(() -> timedPut(cache, key, "again-" + key)));
    }
    for (Future<Long> put : again) {
      put.get(60, TimeUnit.SECONDS);
    }
    for (String key : keys.subList(0, LIMIT)) {
      assertThat(cache.get(key)).isEqualTo("again-" + key);
    }
  }

  @Test
  void otherMembersServeWhileOneIsSaturated() throws Exception {
    startPool(Duration.ofSeconds(60));
    Cache<String, String> cache = caller.getCache(CACHE, String.class, String.class);
    List<String> slowKeys = keysOwnedBy(slow, 4);
    List<String> otherKeys = keysOwnedBy(other, 3);
    List<String> localKeys = keysOwnedBy(caller, 3);
    for (String key : slowKeys) {
      cache.put(key, "old-" + key);
    }

    // A put and a two-key putAll, one request each, fill the limit of 2.
    List<String> blockedKeys = slowKeys.subList(0, 3);
    List<Future<Long>> blocked = new ArrayList<>();
    blocked.add(callers.submit(() -> timedPut(cache, blockedKeys.get(0),
        "slow-" + blockedKeys.get(0))));
    blocked.add(callers.submit(() -> timedPutAll(cache, Map.of(
        blockedKeys.get(1), "slow-" + blockedKeys.get(1),
        blockedKeys.get(2), "slow-" + blockedKeys.get(2)))));
    Address slowAddress = TestCluster.node(slow).localAddress();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        TestCluster.node(caller).requestLimiter().inFlight(slowAddress) == LIMIT);
    assertThat(LIMIT).as("requests the put and the putAll send").isEqualTo(2);

    Map<String, String> values = new HashMap<>();
    for (String key : otherKeys) {
      values.put(key, "value-" + key);
    }
    for (String key : localKeys) {
      values.put(key, "value-" + key);
    }
    cache.putAll(values);
    assertThat(cache.getAll(values.keySet())).isEqualTo(values);
    assertThat(cache.get(otherKeys.get(0))).isEqualTo("value-" + otherKeys.get(0));

    String blockedKey = slowKeys.get(3);
    String otherKey = otherKeys.get(0);
    Map<String, String> mixed = Map.of(blockedKey, "new-" + blockedKey, otherKey,
        "new-" + otherKey);
    assertThatThrownBy(() -> cache.putAll(mixed))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("member " + slowAddress)
        .hasMessageContaining("max-requests-in-flight=\"" + LIMIT + "\"");
    assertThatThrownBy(() -> cache.getAll(Set.of(blockedKey, otherKey)))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("already has " + LIMIT + " cache requests");
    assertThat(cache.get(otherKey)).as("key of the other member after the rejected putAll")
        .isEqualTo("value-" + otherKey);
    Address otherAddress = TestCluster.node(other).localAddress();
    assertThat(TestCluster.node(caller).requestLimiter().inFlight(otherAddress))
        .as("requests in flight to the other member").isZero();

    BlockingWriter.release.countDown();
    for (Future<Long> put : blocked) {
      put.get(60, TimeUnit.SECONDS);
    }
    for (String key : blockedKeys) {
      assertThat(cache.get(key)).isEqualTo("slow-" + key);
    }
    assertThat(cache.get(blockedKey)).as("key of the slow member after the rejected putAll")
        .isEqualTo("old-" + blockedKey);
    cache.putAll(mixed);
    assertThat(cache.getAll(Set.of(blockedKey, otherKey))).isEqualTo(mixed);
  }

  @Test
  void timedOutRequestReturnsItsPermit() throws Exception {
    startPool(Duration.ofSeconds(2));
    Cache<String, String> cache = caller.getCache(CACHE, String.class, String.class);
    List<String> keys = keysOwnedBy(slow, 3 + LIMIT);
    Address slowAddress = TestCluster.node(slow).localAddress();

    List<Future<Long>> puts = new ArrayList<>();
    puts.add(callers.submit(() -> timedPut(cache, keys.get(0), "slow-" + keys.get(0))));
    puts.add(callers.submit(() -> timedPutAll(cache, Map.of(keys.get(1), "slow-" + keys.get(1),
        keys.get(2), "slow-" + keys.get(2)))));
    for (Future<Long> put : puts) {
      ExecutionException failure = catchExecution(put, Duration.ofSeconds(60));
      assertThat(failure.getCause()).isInstanceOf(CacheException.class);
      assertThat(failure.getCause().getMessage()).contains("timed out after 2000 ms");
    }
    assertThat(TestCluster.node(caller).requestLimiter().inFlight(slowAddress))
        .as("requests in flight after the timeouts").isZero();

    // The timed-out requests may still run on the owner once the latch opens, so the
    // check uses keys they never touched.
    BlockingWriter.release.countDown();
    List<Future<Long>> again = new ArrayList<>();
    for (String key : keys.subList(3, 3 + LIMIT)) {
      again.add(callers.submit(() -> timedPut(cache, key, "after-" + key)));
    }
    for (Future<Long> put : again) {
      put.get(60, TimeUnit.SECONDS);
    }
    for (String key : keys.subList(3, 3 + LIMIT)) {
      assertThat(cache.get(key)).isEqualTo("after-" + key);
    }
  }

  /** Puts a value and returns how long the put took, in milliseconds. */
  private static long timedPut(Cache<String, String> cache, String key, String value) {
    long start = System.nanoTime();
    cache.put(key, value);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Puts values with putAll and returns how long it took, in milliseconds. */
  private static long timedPutAll(Cache<String, String> cache, Map<String, String> values) {
    long start = System.nanoTime();
    cache.putAll(values);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static int countDone(Map<String, Future<Long>> futures) {
    int done = 0;
    for (Future<Long> future : futures.values()) {
      if (future.isDone()) {
        done++;
      }
    }
    return done;
  }

  private static ExecutionException catchExecution(Future<Long> future) throws Exception {
    return catchExecution(future, Duration.ofSeconds(1));
  }

  /** Waits for a future that must fail and returns its failure. */
  private static ExecutionException catchExecution(Future<Long> future, Duration wait)
      throws Exception {
    try {
      Long millis = future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the put to fail, but it took " + millis + " ms");
    } catch (ExecutionException e) {
      return e;
    }
  }

  /** Returns {@code count} keys whose partitions {@code owner} owns. */
  private List<String> keysOwnedBy(PiglixCacheManager owner, int count) {
    ClusterNode node = TestCluster.node(caller);
    Address ownerAddress = TestCluster.node(owner).localAddress();
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = "key-" + i;
      if (ownerAddress.equals(node.ownerOf(TestCluster.partitionOf(node, key)))) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Writes values that start with {@code "slow-"} only after {@link #release} opens, at most
   * 60 s later; writes other values at once.
   */
  public static final class BlockingWriter implements CacheWriter<String, String> {

    static final AtomicInteger ENTERED = new AtomicInteger();
    static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset() {
      ENTERED.set(0);
      release = new CountDownLatch(1);
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      if (!entry.getValue().startsWith("slow-")) {
        return;
      }
      ENTERED.incrementAndGet();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>>
        entries) {
      for (Cache.Entry<? extends String, ? extends String> entry : new ArrayList<>(entries)) {
        write(entry);
        entries.remove(entry);
      }
    }

    @Override
    public void delete(Object key) {
    }

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }
}
