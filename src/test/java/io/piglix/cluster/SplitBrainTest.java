package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.piglix.PiglixCacheManager;
import io.piglix.configuration.MergePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Splits a pool of four members in this JVM: each member's stack drops the messages of the
 * other side's members (the DISCARD protocol of the test stack), so each side sees the others
 * fail and goes on alone. The test writes on the sides, lets the network heal, waits for one
 * pool with one partition table, and checks every key against the merge policy.
 *
 * <p>Before the split every key holds {@code v0}; keys are written in ranges so each range has
 * one expected value.
 */
class SplitBrainTest {

  private static final URI STACK = URI.create("classpath:io/piglix/jgroups-split-test.xml");
  private static final int KEYS = 200;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private TestCluster cluster;
  private final List<PiglixCacheManager> members = new ArrayList<>();
  private final ListAppender<ILoggingEvent> mergeLog = new ListAppender<>();

  @BeforeEach
  void watchMergeLog() {
    Logger logger = (Logger) LoggerFactory.getLogger(SplitMerger.class);
    mergeLog.start();
    logger.addAppender(mergeLog);
  }

  @AfterEach
  void stopPool() {
    ((Logger) LoggerFactory.getLogger(SplitMerger.class)).detachAppender(mergeLog);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void higherVersionKeepsSideThatWroteMore() {
    startPool(1, MergePolicy.HIGHER_VERSION);
    split(List.of(0, 1), List.of(2, 3));
    putRange(members.get(0), 50, 100, "a", 1);
    putRange(members.get(2), 50, 150, "b", 30);

    heal();

    Map<Integer, String> values = readAll(members.get(1));
    for (int key = 0; key < KEYS; key++) {
      String expected = key < 50 || key >= 150 ? "v0" : "b";
      assertThat(values.get(key)).as("key %d", key).isEqualTo(expected);
    }
    assertOneMergeLine();
  }

  @Test
  void latestUpdateKeepsLastWrite() {
    startPool(1, MergePolicy.LATEST_UPDATE);
    split(List.of(0, 1), List.of(2, 3));
    putRange(members.get(1), 50, 150, "a", 1);
    long afterSideA = System.currentTimeMillis();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> System.currentTimeMillis() > afterSideA + 2);
    putRange(members.get(3), 100, 200, "b", 1);

    heal();

    Map<Integer, String> values = readAll(members.get(0));
    for (int key = 0; key < KEYS; key++) {
      String expected = key < 50 ? "v0" : key < 100 ? "a" : "b";
      assertThat(values.get(key)).as("key %d", key).isEqualTo(expected);
    }
    assertOneMergeLine();
  }

  @Test
  void largerSideKeepsMajorityCopies() {
    startPool(1, MergePolicy.LARGER_SIDE);
    split(List.of(0, 1, 2), List.of(3));
    putRange(members.get(2), 50, 150, "a", 1);
    putRange(members.get(3), 100, 200, "b", 1);

    heal();

    Map<Integer, String> values = readAll(members.get(3));
    for (int key = 0; key < KEYS; key++) {
      String expected = key >= 50 && key < 150 ? "a" : "v0";
      assertThat(values.get(key)).as("key %d", key).isEqualTo(expected);
    }
    assertOneMergeLine();
  }

  @Test
  void minimumSizeRejectsWritesOnBothHalves() {
    startPool(3, MergePolicy.HIGHER_VERSION);
    split(List.of(0, 1), List.of(2, 3));

    for (int member = 0; member < 4; member++) {
      Cache<Integer, String> cache = cache(members.get(member));
      assertThatThrownBy(() -> cache.put(1, "rejected"))
          .as("put on member %d", member)
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("rejects writes")
          .hasMessageContaining("its view has 2 members")
          .hasMessageContaining("below the minimum of 3");
      assertThatThrownBy(() -> cache.remove(2))
          .as("remove on member %d", member)
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("below the minimum of 3");
      String read = cache.get(3);
      assertThat(read).as("read on member %d", member).isIn("v0", null);
    }

    heal();

    Map<Integer, String> values = readAll(members.get(2));
    for (int key = 0; key < KEYS; key++) {
      assertThat(values.get(key)).as("key %d", key).isEqualTo("v0");
    }
    cache(members.get(3)).put(1, "after");
    assertThat(cache(members.get(0)).get(1)).isEqualTo("after");
  }

  @Test
  void minimumSizeKeepsMajorityWrites() {
    startPool(3, MergePolicy.HIGHER_VERSION);
    split(List.of(0, 1, 2), List.of(3));
    List<Integer> acknowledged = putRange(members.get(0), 50, 150, "a", 1);
    Cache<Integer, String> minority = cache(members.get(3));
    assertThatThrownBy(() -> minority.put(120, "b"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("its view has 1 members, below the minimum of 3");

    heal();

    assertThat(acknowledged).hasSize(100);
    Map<Integer, String> values = readAll(members.get(3));
    for (int key = 0; key < KEYS; key++) {
      String expected = key >= 50 && key < 150 ? "a" : "v0";
      assertThat(values.get(key)).as("key %d", key).isEqualTo(expected);
    }
  }

  /** Starts four members, creates the cache and writes {@code v0} to every key. */
  private void startPool(int minMembers, MergePolicy policy) {
    cluster = new TestCluster(4, 1, 61);
    for (int i = 0; i < 4; i++) {
      members.add(cluster.start(i, builder -> builder.stack(STACK).minMembers(minMembers)
          .mergePolicy(policy)));
    }
    awaitOnePool(4);
    members.get(0).createCache("split", new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    Map<Integer, String> initial = new HashMap<>();
    for (int key = 0; key < KEYS; key++) {
      initial.put(key, "v0");
    }
    cache(members.get(0)).putAll(initial);
  }

  /** Makes each side drop the other side's messages and waits for both sides' views. */
  private void split(List<Integer> sideA, List<Integer> sideB) {
    ignore(sideA, sideB);
    ignore(sideB, sideA);
    await().atMost(PATIENCE).untilAsserted(() -> {
      for (int member = 0; member < members.size(); member++) {
        int expected = sideA.contains(member) ? sideA.size() : sideB.size();
        assertThat(node(member).view().size()).as("view of member %d", member)
            .isEqualTo(expected);
      }
    });
  }

  private void ignore(List<Integer> side, List<Integer> others) {
    for (int member : side) {
      DISCARD discard = node(member).channel().getProtocolStack().findProtocol(DISCARD.class);
      for (int other : others) {
        Address address = node(other).localAddress();
        discard.addIgnoreMember(address);
      }
    }
  }

  /** Lets every message through again and waits for one pool with one partition table. */
  private void heal() {
    for (int member = 0; member < members.size(); member++) {
      DISCARD discard = node(member).channel().getProtocolStack().findProtocol(DISCARD.class);
      discard.resetIgnoredMembers();
    }
    awaitOnePool(members.size());
  }

  private void awaitOnePool(int size) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      PartitionTable first = node(0).table();
      for (int member = 0; member < size; member++) {
        ClusterNode node = node(member);
        assertThat(node.view().size()).as("view of member %d", member).isEqualTo(size);
        assertThat(node.isSettled()).as("member %d settled", member).isTrue();
        assertThat(node.table().version()).as("table version of member %d", member)
            .isEqualTo(first.version());
        assertThat(node.table().assignment()).as("table of member %d", member)
            .isEqualTo(first.assignment());
        for (int p = 0; p < first.partitionCount(); p++) {
          assertThat(first.replicas(p)).as("replicas of partition %d", p).hasSize(2);
        }
      }
    });
  }

  /**
   * Writes {@code value} to the keys from {@code from} to {@code to} (exclusive), {@code
   * rounds} times over the range, and returns the keys whose last write was acknowledged.
   */
  private static List<Integer> putRange(PiglixCacheManager member, int from, int to,
      String value, int rounds) {
    Cache<Integer, String> cache = cache(member);
    List<Integer> acknowledged = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int key = from; key < to; key++) {
        cache.put(key, round == rounds - 1 ? value : value + "-" + round);
        if (round == rounds - 1) {
          acknowledged.add(key);
        }
      }
    }
    return acknowledged;
  }

  private static Map<Integer, String> readAll(PiglixCacheManager member) {
    Map<Integer, String> values = new HashMap<>();
    Cache<Integer, String> cache = cache(member);
    for (int key = 0; key < KEYS; key++) {
      values.put(key, cache.get(key));
    }
    return values;
  }

  private void assertOneMergeLine() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : mergeLog.list) {
      if (event.getLevel() == Level.INFO && event.getFormattedMessage().contains(" merged ")) {
        lines.add(event.getFormattedMessage());
      }
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("partitions reconciled", "entries compared",
        "entries kept");
  }

  private static Cache<Integer, String> cache(PiglixCacheManager member) {
    return member.getCache("split", Integer.class, String.class);
  }

  private ClusterNode node(int member) {
    return TestCluster.node(members.get(member));
  }
}
