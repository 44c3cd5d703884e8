package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Pauses a member JVM with SIGSTOP until the others exclude it, writes while it is paused,
 * resumes it so JGroups merges its old view back, then kills another member. The resumed
 * member comes back with the partition roles it had before the pause, and its copies missed
 * every write made while it was paused, so the merge must drop them.
 */
class PausedMemberTest {

  private static final int KEYS = 3_000;

  @Test
  void resumedMemberServesNoStaleCopy() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(3, 1)) {
      List<MemberProcess> members = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        members.add(cluster.startMember(i));
      }
      PiglixCacheManager client = cluster.startClient();
      Cache<String, String> cache = client.createCache("paused",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      for (int i = 0; i < KEYS; i++) {
        cache.put("key-" + i, "before-" + i);
      }
      ClusterNode node = TestCluster.node(client);
      MemberProcess paused = members.get(2);

      paused.signal("STOP");
      awaitStorageMembers(node, 2);
      for (int i = 0; i < KEYS; i++) {
        cache.put("key-" + i, "during-" + i);
      }
      paused.signal("CONT");
      awaitStorageMembers(node, 3);
      assertEveryKey(cache, "during-");

      members.get(1).kill();
      awaitStorageMembers(node, 2);
      assertEveryKey(cache, "during-");
    }
  }

  private static void awaitStorageMembers(ClusterNode node, int count) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions().untilAsserted(() -> {
          PoolStatus status = node.poolStatus();
          assertThat(status.members().stream().filter(m -> m.role().equals("storage")))
              .as("storage members").hasSize(count);
          assertThat(status.healthy()).as("healthy: %s", status).isTrue();
          assertThat(node.isSettled()).as("no round or merge pending").isTrue();
        });
  }

  private static void assertEveryKey(Cache<String, String> cache, String prefix) {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      String value = cache.get("key-" + i);
      if (!(prefix + i).equals(value)) {
        wrong.add("key-" + i + "=" + value);
      }
    }
    assertThat(wrong).as("keys without their last acknowledged value").isEmpty();
  }
}
