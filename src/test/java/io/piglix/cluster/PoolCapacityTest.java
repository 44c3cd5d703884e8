package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.piglix.PiglixCacheManager;
import io.piglix.configuration.MemberRole;
import io.piglix.member.CacheRuntime;
import io.piglix.store.RecordStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three members contributing 32, 64 and 128 MiB load twice the pool's capacity: the capacity
 * manager keeps every member within its contribution, evicts the pool's coldest entries and
 * keeps the hot ones, also after the largest member leaves.
 */
class PoolCapacityTest {

  private static final Logger LOG = LoggerFactory.getLogger(PoolCapacityTest.class);

  private static final long MIB = 1L << 20;
  private static final long[] CONTRIBUTIONS = {32 * MIB, 64 * MIB, 128 * MIB};
  private static final int VALUE_SIZE = 1000;
  private static final int HOT_KEYS = 2000;
  private static final int BATCH = 500;

  @Test
  void loadingTwiceThePoolStaysWithinEveryContributionAndKeepsHotKeys() {
    long capacity = CONTRIBUTIONS[0] + CONTRIBUTIONS[1] + CONTRIBUTIONS[2];
    try (TestCluster cluster = new TestCluster(3, 1, 271)) {
      PiglixCacheManager[] members = new PiglixCacheManager[3];
      for (int i = 0; i < 3; i++) {
        members[i] = cluster.start(i, CONTRIBUTIONS[i], MemberRole.STORAGE);
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(TestCluster.node(members[2]).poolStatus().members()).hasSize(3));
      Cache<Integer, byte[]> cache = members[0].createCache("pool",
          new MutableConfiguration<Integer, byte[]>().setTypes(Integer.class, byte[].class)
              .setStatisticsEnabled(true));
      Random random = new Random(42);
      long loadedBytes = 0;
      int key = HOT_KEYS;
      long[] largest = new long[3];
      while (loadedBytes < 2 * capacity) {
        Map<Integer, byte[]> batch = new HashMap<>();
        for (int i = 0; i < BATCH; i++) {
          byte[] value = new byte[VALUE_SIZE];
          random.nextBytes(value);
          batch.put(key++, value);
        }
        cache.putAll(batch);
        loadedBytes += (long) BATCH * VALUE_SIZE;
        touchHotKeys(cache, random);
        for (int m = 0; m < 3; m++) {
          largest[m] = Math.max(largest[m], offHeapBytes(members[m]));
        }
      }
      long pool = 0;
      for (int m = 0; m < 3; m++) {
        assertThat(largest[m]).as("largest off-heap bytes of member %d", m)
            .isLessThanOrEqualTo(CONTRIBUTIONS[m] + CONTRIBUTIONS[m] / 20);
        pool += offHeapBytes(members[m]);
      }
      assertThat(pool).isLessThanOrEqualTo(capacity);
      Set<Integer> hot = new TreeSet<>();
      for (int k = 0; k < HOT_KEYS; k++) {
        hot.add(k);
      }
      Map<Integer, byte[]> present = cache.getAll(hot);
      assertThat(present.size()).as("hot keys still cached").isGreaterThan(HOT_KEYS * 95 / 100);
      long evictions = 0;
      for (PiglixCacheManager member : members) {
        for (CacheRuntime runtime : member.member().caches()) {
          evictions += runtime.evictions();
        }
      }
      assertThat(evictions).as("entries evicted").isGreaterThan(key / 3);
      long stored = 0;
      for (PiglixCacheManager member : members) {
        stored += member.member().status().caches().stream()
            .mapToLong(c -> c.storedEntries()).sum();
      }
      LOG.info("loaded {} entries; largest off-heap bytes per member {}; {} copies stored ({} B"
          + " of values in a {} B pool); {} evicted; {} of {} hot keys cached", key,
          java.util.Arrays.toString(largest), stored, stored * VALUE_SIZE, capacity, evictions,
          present.size(), HOT_KEYS);
      assertThat(stored * VALUE_SIZE).as("value bytes stored, both copies")
          .isGreaterThan(capacity / 2);

      // The largest member leaves: it hands its partitions to the two others, which evict to
      // make room and stay within their contributions.
      members[2].close();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(TestCluster.node(members[0]).poolStatus().members()).hasSize(2));
      for (int m = 0; m < 2; m++) {
        assertThat(offHeapBytes(members[m])).as("off-heap bytes of member %d after the leave", m)
            .isLessThanOrEqualTo(CONTRIBUTIONS[m] + CONTRIBUTIONS[m] / 20);
      }
      Map<Integer, byte[]> afterLeave = cache.getAll(hot);
      assertThat(afterLeave.size()).as("hot keys cached after the leave")
          .isGreaterThan(HOT_KEYS * 95 / 100);
    }
  }

  @Test
  void entryLargerThanAQuarterOfTheContributionFailsAndKeepsThePreviousValue() {
    try (TestCluster cluster = new TestCluster(1, 0, 31)) {
      PiglixCacheManager member = cluster.start(0, 16 * MIB, MemberRole.STORAGE);
      Cache<String, byte[]> cache = member.createCache("large",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      cache.put("k", new byte[] {1, 2, 3});
      assertThatThrownBy(() -> cache.put("k", new byte[(int) (5 * MIB)]))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("5242")
          .hasMessageContaining("4194304")
          .hasMessageContaining("16777216");
      assertThat(cache.get("k")).containsExactly(1, 2, 3);
      cache.put("other", new byte[] {4});
      assertThat(cache.get("other")).containsExactly(4);
    }
  }

  private static void touchHotKeys(Cache<Integer, byte[]> cache, Random random) {
    Set<Integer> keys = new HashSet<>();
    for (int i = 0; i < 400; i++) {
      keys.add(random.nextInt(HOT_KEYS));
    }
    Map<Integer, byte[]> found = cache.getAll(keys);
    for (Integer missing : keys) {
      if (!found.containsKey(missing)) {
        cache.put(missing, new byte[VALUE_SIZE]);
      }
    }
  }

  private static long offHeapBytes(PiglixCacheManager manager) {
    long total = 0;
    List<CacheRuntime> caches = manager.member().caches();
    for (CacheRuntime runtime : caches) {
      RecordStore store = runtime.store();
      if (store != null && !runtime.isClosed()) {
        total += store.offHeapBytes();
      }
    }
    return total;
  }
}
