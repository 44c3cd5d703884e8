package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kills and restarts storage members under a read and write load, and checks what the load
 * reads. Runs only in the {@code chaos} Maven profile ({@code mvn verify -Pchaos}).
 *
 * <p>Four member JVMs with one backup and a client member in this JVM. Load threads each own
 * a fixed share of the keys, so a key has one writer and its reads come after its writes. A
 * thread remembers per key the last acknowledged value and the values of later writes that
 * failed, which may or may not have been applied. A read must return the acknowledged value
 * or one of those; anything else is a violation: an older or missing value is a lost
 * acknowledged write, an unknown one a value never written. The chaos loop kills a random
 * member with SIGKILL once the pool is healthy, waits for the pool to recover without it,
 * restarts it and waits for the pool to be healthy again, so at most one member is down at a
 * time. The test output gives the time of every kill and of the first violation of each key,
 * with its partition; the member logs in {@code target/member-logs} record every change of a
 * partition's role. The run lasts {@code piglix.chaos.minutes} minutes (default 5, at most
 * 10) and writes its figures to {@code target/chaos-result.txt}.
 */
@Tag("chaos")
class ChaosTest {

  private static final int MEMBERS = 4;
  private static final int KEYS = 2_000;
  private static final int THREADS = 4;
  private static final Duration RECOVERY = Duration.ofSeconds(120);

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void killsAndRestartsLoseNoAcknowledgedWrite() throws Exception {
    // Member JVMs log every change of a partition's role, so a violation can be traced to
    // the member that served it.
    System.setProperty(MemberProcess.PARTITION_LOG_LEVEL,
        System.getProperty(MemberProcess.PARTITION_LOG_LEVEL, "DEBUG"));
    long minutes = Math.min(10, Math.max(1, Long.getLong("piglix.chaos.minutes", 5)));
    long seed = Long.getLong("piglix.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    try (ProcessCluster cluster = new ProcessCluster(MEMBERS, 1)) {
      List<MemberProcess> members = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        members.add(cluster.startMember(i));
      }
      PiglixCacheManager client = cluster.startClient();
      // The first cache of a member JVM compiles Chronicle Map code, which can take longer
      // than the operation timeout on a loaded machine, so creation is retried.
      Cache<String, String> cache = await().atMost(RECOVERY).ignoreExceptions()
          .until(() -> createOrGet(client), Objects::nonNull);
      awaitHealthy(client, MEMBERS);

      CountDownLatch stop = new CountDownLatch(1);
      ClusterNode clientNode = TestCluster.node(client);
      ToIntFunction<String> partitionOf = key -> TestCluster.partitionOf(clientNode, key);
      List<LoadThread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        LoadThread thread = new LoadThread(t, cache, stop, seed + t, partitionOf);
        threads.add(thread);
        thread.start();
      }
      long started = System.nanoTime();
      long deadline = started + TimeUnit.MINUTES.toNanos(minutes);
      int kills = 0;
      while (System.nanoTime() < deadline) {
        stop.await(5 + random.nextInt(11), TimeUnit.SECONDS);
        int victim = random.nextInt(MEMBERS);
        System.err.printf("%tT.%<tL chaos: killing member %d (%s)%n", System.currentTimeMillis(),
            victim, members.get(victim).address());
        members.get(victim).kill();
        kills++;
        awaitHealthy(client, MEMBERS - 1);
        members.set(victim, cluster.startMember(victim));
        awaitHealthy(client, MEMBERS);
      }
      stop.countDown();
      for (LoadThread thread : threads) {
        thread.join(TimeUnit.MINUTES.toMillis(2));
      }
      awaitHealthy(client, MEMBERS);
      long finalViolations = 0;
      for (LoadThread thread : threads) {
        finalViolations += thread.verifyAll();
      }

      long operations = 0;
      long acknowledged = 0;
      long failed = 0;
      long violations = finalViolations;
      List<String> examples = new ArrayList<>();
      for (LoadThread thread : threads) {
        operations += thread.operations.get();
        acknowledged += thread.acknowledgedWrites.get();
        failed += thread.failedOperations.get();
        violations += thread.violations.get();
        examples.addAll(thread.examples);
      }
      String result = String.format("chaos run: %d min, seed %d, %d members, backup count 1,"
          + " %d kills and restarts, %d operations (%d acknowledged writes, %d failed"
          + " operations), %d violations during the load, %d in the final check%s%n",
          minutes, seed, MEMBERS, kills, operations, acknowledged, failed,
          violations - finalViolations, finalViolations,
          examples.isEmpty() ? "" : "; first: " + examples.subList(0,
              Math.min(5, examples.size())));
      System.err.print(result);
      writeResult(result);
      assertThat(kills).as("kills").isPositive();
      assertThat(violations).as("violations; " + examples).isZero();
    }
  }

  private static Cache<String, String> createOrGet(PiglixCacheManager client) {
    Cache<String, String> existing = client.getCache("chaos", String.class, String.class);
    if (existing != null) {
      return existing;
    }
    return client.createCache("chaos",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static void awaitHealthy(PiglixCacheManager client, int storageMembers) {
    ClusterNode node = TestCluster.node(client);
    await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      PoolStatus status = node.poolStatus();
      long storage = status.members().stream().filter(m -> m.role().equals("storage"))
          .count();
      assertThat(storage).as("storage members").isEqualTo(storageMembers);
      assertThat(status.healthy()).as("healthy: " + status).isTrue();
    });
  }

  private static void writeResult(String result) throws IOException {
    Path file = Path.of("target", "chaos-result.txt");
    Files.writeString(file, result, StandardCharsets.UTF_8);
  }

  /** Reads and writes its own share of the keys and checks every read. */
  private static final class LoadThread extends Thread {

    private final int index;
    private final Cache<String, String> cache;
    private final CountDownLatch stop;
    private final Random random;
    private final Map<String, String> acknowledged = new HashMap<>();
    private final Map<String, List<String>> unconfirmed = new HashMap<>();
    private final List<String> examples = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private final ToIntFunction<String> partitionOf;
    final AtomicLong operations = new AtomicLong();
    final AtomicLong acknowledgedWrites = new AtomicLong();
    final AtomicLong failedOperations = new AtomicLong();
    final AtomicLong violations = new AtomicLong();
    private long sequence;

    LoadThread(int index, Cache<String, String> cache, CountDownLatch stop, long seed,
        ToIntFunction<String> partitionOf) {
      super("chaos-load-" + index);
      this.partitionOf = partitionOf;
      this.index = index;
      this.cache = cache;
      this.stop = stop;
      this.random = new Random(seed);
      setDaemon(true);
    }

    @Override
    public void run() {
      while (stop.getCount() > 0) {
        String key = "key-" + (random.nextInt(KEYS / THREADS) * THREADS + index);
        operations.incrementAndGet();
        if (random.nextBoolean()) {
          write(key);
        } else {
          read(key);
        }
      }
    }

    private void write(String key) {
      String value = key + "@" + index + "-" + (++sequence);
      try {
        cache.put(key, value);
        acknowledged.put(key, value);
        unconfirmed.remove(key);
        acknowledgedWrites.incrementAndGet();
      } catch (CacheException e) {
        unconfirmed.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        failedOperations.incrementAndGet();
      }
    }

    private void read(String key) {
      String value;
      try {
        value = cache.get(key);
      } catch (CacheException e) {
        failedOperations.incrementAndGet();
        return;
      }
      if (!check(key, value)) {
        violations.incrementAndGet();
      }
    }

    /**
     * Returns whether a value read is allowed; a read of a write that had failed confirms
     * it, and later reads may no longer return older values.
     */
    private boolean check(String key, String value) {
      String expected = acknowledged.get(key);
      if (Objects.equals(value, expected)) {
        return true;
      }
      List<String> pending = unconfirmed.get(key);
      int at = pending == null ? -1 : pending.indexOf(value);
      if (at >= 0) {
        acknowledged.put(key, value);
        unconfirmed.put(key, new ArrayList<>(pending.subList(at + 1, pending.size())));
        return true;
      }
      if (reported.add(key)) {
        System.err.printf("%tT.%<tL chaos: violation on %s (partition %d): read %s, expected %s%n",
            System.currentTimeMillis(), key, partitionOf.applyAsInt(key), value, expected);
      }
      if (examples.size() < 5) {
        examples.add(key + " read " + value + ", expected " + expected
            + (pending == null ? "" : " or one of " + pending));
      }
      return false;
    }

    /** Reads every key this thread wrote once more and returns the number of violations. */
    long verifyAll() {
      long found = 0;
      for (String key : new ArrayList<>(acknowledged.keySet())) {
        if (!check(key, cache.get(key))) {
          found++;
        }
      }
      return found;
    }
  }
}
