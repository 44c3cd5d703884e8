package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import io.piglix.configuration.BoundsDefinition;
import io.piglix.member.CacheRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache with a max-entries bound declared in the configuration: the capacity manager cuts it
 * back to 97% of the bound, its least used entries first, and counts the evictions. The load
 * takes about a second, shorter than the ticks LRU could tell apart, so the frequency policies
 * are the ones that can keep the read keys here.
 */
class CacheBoundsTest {

  private static final int BOUND = 2000;

  @TempDir
  Path dir;

  @Test
  void maxEntriesBoundsStandaloneCache() throws Exception {
    Path file = dir.resolve("bounded.xml");
    Files.writeString(file, """
        <piglix xmlns="urn:piglix:config:1.0">
          <cache name="bounded" key-type="java.lang.Integer" value-type="java.lang.String"
                 statistics="true">
            <bounds max-entries="%d" eviction="frequency"/>
          </cache>
        </piglix>
        """.formatted(BOUND));
    CachingProvider provider = Caching.getCachingProvider();
    try (PiglixCacheManager manager = (PiglixCacheManager) provider.getCacheManager(
        file.toUri(), getClass().getClassLoader())) {
      Cache<Integer, String> cache = manager.getCache("bounded", Integer.class, String.class);
      loadAndCheckBound(cache, List.of(manager));
      long evicted = manager.member().caches().stream()
          .mapToLong(CacheRuntime::evictions).sum();
      assertThat(evicted).as("evictions counted").isGreaterThanOrEqualTo(3 * BOUND);
    }
  }

  @Test
  void maxEntriesBoundsCacheAcrossPool() {
    try (TestCluster cluster = new TestCluster(3, 1, 271)) {
      PiglixCacheManager[] members = new PiglixCacheManager[3];
      for (int i = 0; i < 3; i++) {
        members[i] = cluster.startWithCache(i, "bounded", BOUND, BoundsDefinition.Eviction.LFU);
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(TestCluster.node(members[2]).poolStatus().members()).hasSize(3));
      Cache<Integer, String> cache = members[1].getCache("bounded", Integer.class,
          String.class);
      loadAndCheckBound(cache, List.of(members));
      long evicted = 0;
      for (PiglixCacheManager member : members) {
        evicted += member.member().caches().stream().mapToLong(CacheRuntime::evictions).sum();
      }
      assertThat(evicted).as("evictions counted over the pool")
          .isGreaterThanOrEqualTo(3 * BOUND);

      // The coordinator plans; when it leaves, the next one takes over. The backups that
      // become owners heard of the reads, so they keep the read keys too.
      assertThat(TestCluster.node(members[0]).isCoordinator()).isTrue();
      members[0].close();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(TestCluster.node(members[1]).poolStatus().members()).hasSize(2));
      loadAndCheckBound(cache, List.of(members[1], members[2]));
    }
  }

  /**
   * Writes five times the bound while reading the first 100 keys, then waits for the cache to
   * come within the bound and checks the read keys stayed.
   */
  private static void loadAndCheckBound(Cache<Integer, String> cache,
      List<PiglixCacheManager> members) {
    load(cache);
    checkBound(members);
    int hotKept = 0;
    for (int hot = 0; hot < 100; hot++) {
      if (("value-" + hot).equals(cache.get(hot))) {
        hotKept++;
      }
    }
    // Random eviction would keep about a fifth of them; planning rounds that fall between a
    // batch and its reads on a busy machine cost a few.
    assertThat(hotKept).as("recently read keys kept").isGreaterThanOrEqualTo(80);
  }

  private static void load(Cache<Integer, String> cache) {
    for (int batch = 0; batch < 5 * BOUND / 500; batch++) {
      Map<Integer, String> values = new HashMap<>();
      for (int i = 0; i < 500; i++) {
        int key = batch * 500 + i;
        values.put(key, "value-" + key);
      }
      cache.putAll(values);
      for (int hot = 0; hot < 100; hot++) {
        cache.get(hot);
      }
    }
  }

  private static void checkBound(List<PiglixCacheManager> members) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(ownedEntries(members)).as("entries").isLessThanOrEqualTo(BOUND));
    assertThat(ownedEntries(members)).as("entries kept").isGreaterThan(BOUND * 8 / 10);
  }

  /**
   * Returns the entries the members own. Iterating the cache instead would count as a read of
   * every entry and make them all equally hot.
   */
  private static long ownedEntries(List<PiglixCacheManager> members) {
    long entries = 0;
    for (PiglixCacheManager member : members) {
      entries += member.member().status().ownedEntries();
    }
    return entries;
  }
}
