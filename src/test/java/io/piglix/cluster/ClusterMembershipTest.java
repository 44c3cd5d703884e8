package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.piglix.PiglixCacheManager;
import io.piglix.configuration.MemberRole;
import io.piglix.member.CacheId;
import io.piglix.partition.KeyHash;
import io.piglix.serialization.KryoCodec;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.jgroups.Address;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ClusterMembershipTest {

  private static final int PARTITIONS = 271;

  @Test
  void fiveMembersOwnAndBackUpEveryPartition() {
    try (TestCluster cluster = new TestCluster(5, 2, PARTITIONS)) {
      for (int i = 0; i < 5; i++) {
        cluster.start(i);
      }
      awaitBalanced(cluster, 5, 3);
      ClusterNode observer = TestCluster.node(cluster.managers().get(0));
      PartitionTable table = observer.table();
      Map<Address, Integer> owned = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        List<Address> replicas = table.replicas(p);
        assertThat(new HashSet<>(replicas)).as("distinct replicas of %d", p).hasSize(3);
        owned.merge(replicas.get(0), 1, Integer::sum);
      }
      assertThat(owned).hasSize(5);
      assertThat(owned.values()).allSatisfy(count -> assertThat(count).isBetween(54, 55));
      for (PiglixCacheManager manager : cluster.managers()) {
        ClusterNode node = TestCluster.node(manager);
        for (int p = 0; p < PARTITIONS; p++) {
          List<Address> replicas = table.replicas(p);
          PartitionService.Role expected = replicas.get(0).equals(node.localAddress())
              ? PartitionService.Role.OWNER
              : replicas.contains(node.localAddress()) ? PartitionService.Role.BACKUP
                  : PartitionService.Role.NONE;
          assertThat(node.partitions().role(p)).as("role of %s for %d", node.localName(), p)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void ownershipFollowsContributedMemory() {
    try (TestCluster cluster = new TestCluster(3, 1, PARTITIONS)) {
      cluster.start(0, 64L << 20, MemberRole.STORAGE);
      cluster.start(1, 128L << 20, MemberRole.STORAGE);
      cluster.start(2, 256L << 20, MemberRole.STORAGE);
      awaitBalanced(cluster, 3, 2);
      PartitionTable table = TestCluster.node(cluster.managers().get(0)).table();
      int[] owned = new int[3];
      for (int p = 0; p < PARTITIONS; p++) {
        Address owner = table.replicas(p).get(0);
        for (int i = 0; i < 3; i++) {
          if (owner.equals(TestCluster.node(cluster.managers().get(i)).localAddress())) {
            owned[i]++;
          }
        }
      }
      assertThat(owned[0]).isBetween(38, 40);
      assertThat(owned[1]).isBetween(76, 79);
      assertThat(owned[2]).isBetween(154, 156);
    }
  }

  @Test
  void joinAndLeaveKeepEveryEntry() {
    try (TestCluster cluster = new TestCluster(4, 1, PARTITIONS)) {
      for (int i = 0; i < 3; i++) {
        cluster.start(i);
      }
      Cache<String, String> cache = cluster.managers().get(0).createCache("moving",
          new MutableConfiguration<String, String>());
      for (int i = 0; i < 5000; i++) {
        cache.put("key-" + i, "value-" + i);
      }
      PiglixCacheManager joiner = cluster.start(3);
      awaitBalanced(cluster, 4, 2);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(TestCluster.node(joiner).partitions().owned().length).isBetween(67, 68));
      assertEveryEntry(cluster.managers(), "moving", 5000);

      PiglixCacheManager leaving = cluster.managers().get(1);
      Address leavingAddress = TestCluster.node(leaving).localAddress();
      leaving.close();
      List<PiglixCacheManager> remaining = List.of(cluster.managers().get(0),
          cluster.managers().get(2), joiner);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        PartitionTable table = TestCluster.node(joiner).table();
        for (int p = 0; p < PARTITIONS; p++) {
          assertThat(table.replicas(p)).hasSize(2).doesNotContain(leavingAddress);
        }
      });
      assertEveryEntry(remaining, "moving", 5000);
    }
  }

  @Test
  void lateJoinerReplicatesAndSendsEvents() {
    try (TestCluster cluster = new TestCluster(3, 1, PARTITIONS)) {
      PiglixCacheManager first = cluster.start(0);
      cluster.start(1);
      Cache<String, String> cache = first.createCache("joined-later",
          new MutableConfiguration<String, String>());
      PiglixCacheManager joiner = cluster.start(2);
      awaitBalanced(cluster, 3, 2);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(TestCluster.node(joiner).partitions().owned().length).isBetween(90, 91));
      CreatedKeys.KEYS.clear();
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(CreatedKeys.class), null, false, true));

      int count = 2000;
      for (int i = 0; i < count; i++) {
        cache.put("key-" + i, "value-" + i);
      }

      ClusterNode observer = TestCluster.node(first);
      PartitionTable table = observer.table();
      KryoCodec codec = observer.codec();
      Address joinerAddress = TestCluster.node(joiner).localAddress();
      int ownedByJoiner = 0;
      for (int i = 0; i < count; i++) {
        byte[] key = codec.serialize("key-" + i);
        List<Address> replicas = table.replicas(KeyHash.partition(KeyHash.of(key), PARTITIONS));
        assertThat(replicas).hasSize(2);
        if (replicas.get(0).equals(joinerAddress)) {
          ownedByJoiner++;
        }
        for (Address replica : replicas) {
          byte[] record = storeAt(cluster, replica, "joined-later").get(key);
          assertThat(record).as("key-%d on %s, replicas %s", i, replica, replicas).isNotNull();
          assertThat(codec.deserialize(Record.value(record))).isEqualTo("value-" + i);
        }
      }
      assertThat(ownedByJoiner).isGreaterThan(count / 5);
      assertThat(CreatedKeys.KEYS).hasSize(count);
    }
  }

  @Test
  void ownerNotReplicatingToListedBackupIsUnhealthy() {
    try (TestCluster cluster = new TestCluster(3, 1, PARTITIONS)) {
      for (int i = 0; i < 3; i++) {
        cluster.start(i);
      }
      awaitBalanced(cluster, 3, 2);
      ClusterNode owner = TestCluster.node(cluster.managers().get(0));
      await().atMost(Duration.ofSeconds(30)).until(() -> owner.poolStatus().healthy());
      int partition = owner.partitions().owned()[0];
      Address backup = owner.table().liveBackups(partition, owner.alive()).get(0);

      owner.partitions().dropTarget(partition, backup);
      PoolStatus dropped = owner.poolStatus();
      owner.partitions().addTargets(partition, List.of(backup));
      PoolStatus restored = owner.poolStatus();

      assertThat(dropped.partitionsMissingBackups()).isEqualTo(1);
      assertThat(dropped.healthy()).isFalse();
      assertThat(dropped.members().get(0).unreplicatedPartitions()).isEqualTo(1);
      assertThat(restored.partitionsMissingBackups()).isZero();
      assertThat(restored.healthy()).isTrue();
    }
  }

  @Test
  void staleTableIsRedirected() {
    try (TestCluster cluster = new TestCluster(3, 1, PARTITIONS)) {
      PiglixCacheManager first = cluster.start(0);
      Cache<String, String> cache = first.createCache("redirect",
          new MutableConfiguration<String, String>());
      awaitBalanced(List.of(first), 1, 1);
      PartitionTable oldTable = TestCluster.node(first).table();
      cluster.start(1);
      cluster.start(2);
      awaitBalanced(cluster, 3, 2);
      for (int i = 0; i < 200; i++) {
        cache.put("key-" + i, "value-" + i);
      }
      ClusterNode stale = TestCluster.node(cluster.managers().get(1));
      PartitionTable fresh = stale.table();
      stale.installStaleTable(oldTable);

      Cache<String, String> view = cluster.managers().get(1).getCache("redirect");
      int misrouted = 0;
      KryoCodec codec = stale.codec();
      for (int i = 0; i < 200; i++) {
        int partition = KeyHash.partition(KeyHash.of(codec.serialize("key-" + i)), PARTITIONS);
        if (!oldTable.replicas(partition).get(0).equals(fresh.replicas(partition).get(0))) {
          misrouted++;
        }
        assertThat(view.get("key-" + i)).isEqualTo("value-" + i);
      }
      assertThat(misrouted).isPositive();
      assertThat(stale.table().version()).isGreaterThanOrEqualTo(fresh.version());
    }
  }

  @Test
  void differentPartitionCountRejectedOnBothSides() {
    Logger logger = (Logger) LoggerFactory.getLogger(ClusterNode.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (TestCluster cluster = new TestCluster(3, 1, PARTITIONS)) {
      PiglixCacheManager first = cluster.start(0);
      cluster.start(1);
      Cache<String, String> cache = first.createCache("intact",
          new MutableConfiguration<String, String>());
      cache.put("before", "value");

      assertThatThrownBy(() -> cluster.start(2, 64L << 20, MemberRole.STORAGE, 113,
          Duration.ofSeconds(10)))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("partition count 113 differs from 271");

      cache.put("after", "value");
      assertThat(cache.get("before")).isEqualTo("value");
      assertThat(cache.get("after")).isEqualTo("value");
      assertThat(TestCluster.node(first).storageWeights(null)).hasSize(2);
      assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
          .contains("rejected member").contains("partition count 113"));
      assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
          .contains("was rejected by").contains("partition count 113"));
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void unreachableOwnerFailsWithinTimeout() {
    try (TestCluster cluster = new TestCluster(1, 1, PARTITIONS)) {
      PiglixCacheManager client = cluster.start(0, 16L << 20, MemberRole.CLIENT, PARTITIONS,
          Duration.ofMillis(800));
      Cache<String, String> cache = client.createCache("nowhere",
          new MutableConfiguration<String, String>());
      long started = System.nanoTime();

      assertThatThrownBy(() -> cache.put("key", "value"))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("timed out after 800 ms")
          .hasMessageContaining("partition")
          .hasMessageContaining("view:");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static RecordStore storeAt(TestCluster cluster, Address address, String cacheName) {
    for (PiglixCacheManager manager : cluster.managers()) {
      if (TestCluster.node(manager).localAddress().equals(address)) {
        return manager.member().findCache(new CacheId(TestCluster.MANAGER_URI.toString(),
            cacheName)).store();
      }
    }
    throw new IllegalStateException("no member at " + address);
  }

  /** Records the key of every created event. */
  public static final class CreatedKeys implements CacheEntryCreatedListener<String, String>,
      java.io.Serializable {

    private static final long serialVersionUID = 1L;
    static final Set<String> KEYS = ConcurrentHashMap.newKeySet();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        KEYS.add(event.getKey());
      }
    }
  }

  private static void awaitBalanced(TestCluster cluster, int members, int replicas) {
    awaitBalanced(cluster.managers(), members, replicas);
  }

  private static void awaitBalanced(List<PiglixCacheManager> managers, int members,
      int replicas) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (PiglixCacheManager manager : managers) {
        ClusterNode node = TestCluster.node(manager);
        PartitionTable table = node.table();
        Set<Address> holders = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
          assertThat(table.replicas(p)).hasSize(replicas);
          holders.addAll(table.replicas(p));
        }
        assertThat(holders).hasSize(members);
      }
    });
  }

  private static void assertEveryEntry(List<PiglixCacheManager> managers, String cacheName,
      int count) {
    for (PiglixCacheManager manager : managers) {
      Cache<String, String> view = manager.getCache(cacheName);
      for (int i = 0; i < count; i++) {
        assertThat(view.get("key-" + i)).as("key-%d on %s", i, manager.member())
            .isEqualTo("value-" + i);
      }
    }
  }
}
