package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.jgroups.Address;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged writes survive member crashes, joins and graceful leaves. Storage members run
 * in separate JVMs; the test JVM is a client member that writes 100,000 keys (and updates a
 * fifth of them), retrying each put until it is acknowledged, and records every acknowledged
 * value. After the pool settles, every surviving member reads every key back.
 */
@Tag("processes")
class CrashRecoveryTest {

  private static final int KEYS = 100_000;
  private static final int WRITERS = 8;

  @Test
  void killOneMemberWithOneBackup() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(3, 1)) {
      List<MemberProcess> members = startMembers(cluster, 3);
      PiglixCacheManager client = cluster.startClient();
      Cache<String, String> cache = client.createCache("crash-1",
          new MutableConfiguration<String, String>());
      long[] killedAt = new long[1];
      Map<String, String> acked = load(cache, progress -> {
        if (progress == 30_000) {
          killedAt[0] = System.nanoTime();
          kill(members.get(1));
          awaitExcluded(client, members.get(1), killedAt[0]);
        }
      });
      List<MemberProcess> survivors = List.of(members.get(0), members.get(2));
      awaitSettled(client, 2, 1);
      verifyEverywhere(cluster, survivors, "crash-1", acked, cache);
    }
  }

  @Test
  void killTwoMembersWithTwoBackups() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(4, 2)) {
      List<MemberProcess> members = startMembers(cluster, 4);
      PiglixCacheManager client = cluster.startClient();
      Cache<String, String> cache = client.createCache("crash-2",
          new MutableConfiguration<String, String>());
      Map<String, String> acked = load(cache, progress -> {
        if (progress == 30_000) {
          kill(members.get(1));
          kill(members.get(2));
        }
      });
      List<MemberProcess> survivors = List.of(members.get(0), members.get(3));
      awaitSettled(client, 2, 2);
      verifyEverywhere(cluster, survivors, "crash-2", acked, cache);
    }
  }

  @Test
  void memberJoinsDuringLoad() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(3, 1)) {
      List<MemberProcess> members = new ArrayList<>(startMembers(cluster, 2));
      PiglixCacheManager client = cluster.startClient();
      Cache<String, String> cache = client.createCache("join",
          new MutableConfiguration<String, String>());
      Map<String, String> acked = load(cache, progress -> {
        if (progress == 30_000) {
          try {
            members.add(cluster.startMember(2));
          } catch (Exception e) {
            throw new IllegalStateException("third member did not start", e);
          }
        }
      });
      awaitSettled(client, 3, 1);
      verifyEverywhere(cluster, members, "join", acked, cache);
    }
  }

  @Test
  void gracefulLeaveWithoutBackupsLosesNothing() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(3, 0)) {
      List<MemberProcess> members = startMembers(cluster, 3);
      PiglixCacheManager client = cluster.startClient();
      Cache<String, String> cache = client.createCache("leave",
          new MutableConfiguration<String, String>());
      Map<String, String> acked = load(cache, progress -> { });
      members.get(1).send("LEAVE");
      members.get(1).await("LEFT", 120);
      List<MemberProcess> survivors = List.of(members.get(0), members.get(2));
      awaitSettled(client, 2, 0);
      verifyEverywhere(cluster, survivors, "leave", acked, cache);
    }
  }

  private static List<MemberProcess> startMembers(ProcessCluster cluster, int count)
      throws Exception {
    List<MemberProcess> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(cluster.startMember(i));
    }
    return members;
  }

  private static void kill(MemberProcess member) {
    try {
      member.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Progress hook called by one writer thread after each acknowledged write count. */
  private interface Progress {
    void reached(long acknowledged);
  }

  private static Map<String, String> load(Cache<String, String> cache, Progress hook)
      throws Exception {
    Map<String, String> acked = new ConcurrentHashMap<>();
    AtomicLong progress = new AtomicLong();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        futures.add(writers.submit(() -> {
          for (int i = writer; i < KEYS; i += WRITERS) {
            write(cache, acked, "key-" + i, "v1-" + i);
            long done = progress.incrementAndGet();
            hook.reached(done);
          }
          for (int i = writer; i < KEYS; i += WRITERS * 5) {
            write(cache, acked, "key-" + i, "v2-" + i);
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(10, TimeUnit.MINUTES);
      }
    } finally {
      writers.shutdownNow();
    }
    assertThat(acked).hasSize(KEYS);
    return acked;
  }

  private static void write(Cache<String, String> cache, Map<String, String> acked, String key,
      String value) {
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      try {
        cache.put(key, value);
        acked.put(key, value);
        return;
      } catch (CacheException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
      }
    }
  }

  /**
   * Waits until the client's view no longer lists a killed member and checks that this took
   * less than 5 seconds from the kill, the exclusion time of the shipped stack.
   */
  private static void awaitExcluded(PiglixCacheManager client, MemberProcess killed,
      long killedAtNanos) {
    ClusterNode node = client.member().cluster();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
        node.alive().stream().noneMatch(address -> address.toString().equals(
            killed.address())));
    Duration excluded = Duration.ofNanos(System.nanoTime() - killedAtNanos);
    assertThat(excluded).as("time until the killed member left the view")
        .isLessThan(Duration.ofSeconds(5));
  }

  /** Waits until every partition has a live owner and the expected number of backups. */
  private static void awaitSettled(PiglixCacheManager client, int storageMembers,
      int backupCount) {
    ClusterNode node = client.member().cluster();
    int replicas = 1 + Math.min(backupCount, storageMembers - 1);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          PartitionTable table = node.table();
          for (int p = 0; p < table.partitionCount(); p++) {
            List<Address> holders = table.replicas(p);
            assertThat(holders).as("replicas of partition %d", p).hasSize(replicas);
            assertThat(node.alive()).as("members holding partition %d", p)
                .containsAll(holders);
          }
        });
  }

  private static void verifyEverywhere(ProcessCluster cluster, List<MemberProcess> survivors,
      String cacheName, Map<String, String> acked, Cache<String, String> clientView)
      throws Exception {
    Path expected = cluster.logDirectory().resolve(cacheName + "-expected.tsv");
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, String> entry : acked.entrySet()) {
      lines.append(entry.getKey()).append('\t').append(entry.getValue()).append('\n');
    }
    Files.writeString(expected, lines, StandardCharsets.UTF_8);
    for (MemberProcess survivor : survivors) {
      survivor.send("VERIFY " + cacheName + " " + expected.toAbsolutePath());
      String result = survivor.await("VERIFIED", 300);
      assertThat(result).as("verification on member pid %d", survivor.pid())
          .startsWith("VERIFIED " + KEYS + " 0 ");
    }
    long mismatches = 0;
    List<String> keys = new ArrayList<>(acked.keySet());
    for (int from = 0; from < keys.size(); from += 500) {
      java.util.Set<String> batch = new java.util.HashSet<>(keys.subList(from,
          Math.min(keys.size(), from + 500)));
      Map<String, String> values = clientView.getAll(batch);
      for (String key : batch) {
        if (!acked.get(key).equals(values.get(key))) {
          mismatches++;
        }
      }
    }
    assertThat(mismatches).as("keys read back wrong through the client").isZero();
  }
}
