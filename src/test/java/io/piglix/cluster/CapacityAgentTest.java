package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import io.piglix.configuration.BoundsDefinition;
import io.piglix.eviction.Cut;
import io.piglix.eviction.EvictionPlanner;
import io.piglix.member.CacheRuntime;
import io.piglix.member.CapacityAgent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The capacity agent of a storage member far below the low watermark, given a plan with a
 * bound cut for one cache and a pressure cut for another: it carries out the bound cut and
 * skips the pressure cut. The cuts evict every entry they reach, so the counts tell which ran.
 */
class CapacityAgentTest {

  private static final int ENTRIES = 500;

  @Test
  void underfullMemberAppliesOnlyBoundCut() {
    try (TestCluster cluster = new TestCluster(1, 0, 271)) {
      PiglixCacheManager member = cluster.startWithCache(0, "bounded", 100_000,
          BoundsDefinition.Eviction.FREQUENCY);
      Cache<Integer, String> bounded = member.getCache("bounded", Integer.class,
          String.class);
      Cache<Integer, String> plain = member.createCache("plain",
          new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
      load(bounded);
      load(plain);
      CapacityAgent agent = member.member().capacity();
      String boundedId = runtime(member, "bounded").id().toString();
      String plainId = runtime(member, "plain").id().toString();
      assertThat(agent.fill()).as("fill of the member")
          .isLessThan(EvictionPlanner.LOW_WATERMARK);

      EvictionPlanner.Plan plan = new EvictionPlanner.Plan(Map.of(boundedId, Cut.ALL),
          Map.of(plainId, Cut.ALL));
      long evicted = agent.apply(plan);

      assertThat(evicted).as("entries evicted").isEqualTo(ENTRIES);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(runtime(member, "bounded").store().size()).as("bounded cache entries")
              .isZero());
      assertThat(runtime(member, "plain").store().size()).as("plain cache entries")
          .isEqualTo(ENTRIES);
      assertThat(plain.get(7)).as("value of a key the pressure cut would take")
          .isEqualTo("value-7");
    }
  }

  private static void load(Cache<Integer, String> cache) {
    Map<Integer, String> values = new HashMap<>();
    for (int key = 0; key < ENTRIES; key++) {
      values.put(key, "value-" + key);
    }
    cache.putAll(values);
  }

  private static CacheRuntime runtime(PiglixCacheManager member, String name) {
    return member.member().caches().stream()
        .filter(runtime -> runtime.id().toString().endsWith(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no runtime of cache " + name));
  }
}
