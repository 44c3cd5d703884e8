package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterBasicsTest {

  @Test
  void threeMembersShareEntries() {
    try (TestCluster cluster = new TestCluster(3, 1, 271)) {
      PiglixCacheManager first = cluster.start(0);
      PiglixCacheManager second = cluster.start(1);
      PiglixCacheManager third = cluster.start(2);
      Cache<String, String> cache = first.createCache("shared",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      Map<String, String> expected = new HashMap<>();
      for (int i = 0; i < 1000; i++) {
        cache.put("key-" + i, "value-" + i);
        expected.put("key-" + i, "value-" + i);
      }
      for (PiglixCacheManager manager : cluster.managers()) {
        Cache<String, String> view = manager.getCache("shared", String.class, String.class);
        assertThat(view).isNotNull();
        for (Map.Entry<String, String> entry : expected.entrySet()) {
          assertThat(view.get(entry.getKey())).isEqualTo(entry.getValue());
        }
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(second.member().cluster().poolStatus().healthy()).isTrue());
      PoolStatus status = third.member().cluster().poolStatus();
      assertThat(status.members()).hasSize(3);
      assertThat(status.unreachable()).isEmpty();
      assertThat(status.entries()).isEqualTo(1000);
      assertThat(status.capacityBytes()).isEqualTo(3 * (64L << 20));
      assertThat(status.partitionsWithoutOwner()).isZero();
      assertThat(status.partitionsMissingBackups()).isZero();
      assertThat(status.caches()).hasSize(1);
      CacheStatus shared = status.caches().get(0);
      assertThat(shared.name()).isEqualTo("shared");
      assertThat(shared.ownedEntries()).isEqualTo(1000);
      assertThat(shared.storedEntries()).isEqualTo(2000);
      assertThat(status.members().stream().mapToInt(MemberStatus::ownedPartitions).sum())
          .isEqualTo(271);
    }
  }
}
