package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.PiglixCacheManager;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
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
      assertThat(second).isNotNull();
      assertThat(third).isNotNull();
    }
  }
}
