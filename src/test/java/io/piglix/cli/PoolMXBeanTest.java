package io.piglix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.PiglixConfig;
import io.piglix.spi.PiglixCachingProvider;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The io.piglix:type=Pool MXBean of two clustered members in this JVM. */
class PoolMXBeanTest {

  private static final long CONTRIBUTION = 32L << 20;

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @Test
  void beanFollowsMemberLifecycle() throws Exception {
    String cluster = TestPools.clusterName("mxbean");
    List<Integer> ports = TestPools.freePorts(2);
    ObjectName pattern = new ObjectName("io.piglix:type=Pool,name=" + cluster + ",*");
    PiglixCachingProvider first = new PiglixCachingProvider();
    PiglixCachingProvider second = new PiglixCachingProvider();
    try {
      PiglixCacheManager managerA = (PiglixCacheManager) first.getCacheManager(
          URI.create("piglix:mxbean-a"), getClass().getClassLoader(),
          storage(cluster, ports.get(0), ports));
      second.getCacheManager(URI.create("piglix:mxbean-b"), getClass().getClassLoader(),
          storage(cluster, ports.get(1), ports));
      Set<ObjectName> names = server.queryNames(pattern, null);
      assertThat(names).hasSize(2);
      ObjectName nameA = new ObjectName("io.piglix:type=Pool,name=" + cluster + ",member="
          + managerA.member().cluster().localAddress());
      assertThat(names).contains(nameA);

      Cache<Integer, String> cache = managerA.createCache("numbers",
          new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
      for (int i = 0; i < 50; i++) {
        cache.put(i, "n" + i);
      }

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(server.getAttribute(nameA, "Healthy")).isEqualTo(true);
        assertThat(server.getAttribute(nameA, "Entries")).isEqualTo(50L);
      });
      assertThat(server.getAttribute(nameA, "ClusterName")).isEqualTo(cluster);
      assertThat(server.getAttribute(nameA, "Role")).isEqualTo("storage");
      assertThat(server.getAttribute(nameA, "Members")).isEqualTo(2);
      assertThat(server.getAttribute(nameA, "CapacityBytes")).isEqualTo(2 * CONTRIBUTION);
      assertThat((Long) server.getAttribute(nameA, "UsedBytes")).isPositive();
      assertThat(server.getAttribute(nameA, "Rebalancing")).isEqualTo(false);
      assertThat(server.getAttribute(nameA, "UnreachableMembers")).isEqualTo(0);
      assertThat(server.getAttribute(nameA, "PartitionsWithoutOwner")).isEqualTo(0);
      assertThat(server.getAttribute(nameA, "PartitionsMissingBackups")).isEqualTo(0);
      int owned = 0;
      int backups = 0;
      for (ObjectName name : names) {
        owned += (Integer) server.getAttribute(name, "OwnedPartitions");
        backups += (Integer) server.getAttribute(name, "BackupPartitions");
      }
      assertThat(owned).isEqualTo(271);
      assertThat(backups).isEqualTo(271);

      first.close();

      assertThat(server.isRegistered(nameA)).isFalse();
      assertThat(server.queryNames(pattern, null)).hasSize(1);
    } finally {
      first.close();
      second.close();
    }
    assertThat(server.queryNames(pattern, null)).isEmpty();
  }

  @Test
  void standaloneMemberHasNoBean() throws Exception {
    PiglixCachingProvider provider = new PiglixCachingProvider();
    try {
      provider.getCacheManager(URI.create("piglix:standalone-mxbean"),
          getClass().getClassLoader(), PiglixConfig.defaults());

      assertThat(server.queryNames(new ObjectName("io.piglix:type=Pool,*"), null)).isEmpty();
    } finally {
      provider.close();
    }
  }

  private static PiglixConfig storage(String cluster, int port, List<Integer> ports) {
    List<String> members = new ArrayList<>();
    for (int memberPort : ports) {
      members.add("127.0.0.1[" + memberPort + "]");
    }
    return PiglixConfig.builder()
        .cluster(ClusterConfig.builder()
            .name(cluster)
            .role(MemberRole.STORAGE)
            .contributedBytes(CONTRIBUTION)
            .operationTimeout(Duration.ofSeconds(10))
            .bindAddress("127.0.0.1")
            .port(port)
            .members(members)
            .build())
        .build();
  }
}
