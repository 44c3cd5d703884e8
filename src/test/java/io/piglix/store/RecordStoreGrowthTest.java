package io.piglix.store;

import static io.piglix.store.StoreTestSupport.get;
import static io.piglix.store.StoreTestSupport.key;
import static io.piglix.store.StoreTestSupport.put;
import static io.piglix.store.StoreTestSupport.record;
import static io.piglix.store.StoreTestSupport.scanCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grows a store far past its initial capacity and checks every entry while the background
 * mover drains the older maps and after it has finished.
 */
class RecordStoreGrowthTest {

  private static final int ENTRIES = 200_000;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

  private ExecutorService maintenance;
  private RecordStore store;

  @BeforeEach
  void createStore() {
    maintenance = Executors.newSingleThreadExecutor();
    store = new RecordStore("growth", new StoreSizing(1024, 12, 16), maintenance);
  }

  @AfterEach
  void closeStore() throws InterruptedException {
    store.close();
    maintenance.shutdownNow();
    maintenance.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void growth_duringAndAfterDrain_everyEntryReadable() {
    fill(ENTRIES);

    assertThat(store.size()).isEqualTo(ENTRIES);
    assertAllReadable(ENTRIES);
    await().atMost(DRAIN_TIMEOUT).until(() -> store.drainingMapCount() == 0);
    assertAllReadable(ENTRIES);
    assertThat(store.size()).isEqualTo(ENTRIES);
  }

  @Test
  void growth_afterDrain_payloadMatchesEntries() {
    fill(ENTRIES);
    long payload = store.payloadBytes();

    await().atMost(DRAIN_TIMEOUT).until(() -> store.drainingMapCount() == 0);

    assertThat(store.payloadBytes()).isEqualTo(payload);
    assertThat(store.offHeapBytes()).isPositive();
  }

  @Test
  void offHeapBytes_pollingDuringDrain_neverFails() {
    fill(ENTRIES);

    await().atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(1)).until(() -> {
      assertThat(store.offHeapBytes()).isPositive();
      return store.drainingMapCount() == 0;
    });
  }

  @Test
  void updatesDuringDrain_latestValueKept() {
    fill(ENTRIES);

    for (int i = 0; i < ENTRIES; i += 7) {
      put(store, key("key-" + i), record(8, i + 1));
    }
    await().atMost(DRAIN_TIMEOUT).until(() -> store.drainingMapCount() == 0);

    for (int i = 0; i < ENTRIES; i++) {
      int seed = i % 7 == 0 ? i + 1 : i;
      assertThat(get(store, key("key-" + i))).as("key-" + i).isEqualTo(record(8, seed));
    }
  }

  @Test
  void scanDuringDrain_returnsEachEntryOnce() {
    fill(ENTRIES);
    int scans = 0;

    while (store.drainingMapCount() > 0 && scans < 20) {
      Map<String, Integer> counts = scanCounts(store, null);
      scans++;

      assertThat(ENTRIES - counts.size()).as("keys missed by scan %d", scans).isZero();
      assertThat(repeated(counts)).as("keys repeated by scan %d", scans).isZero();
    }
    assertThat(scans).as("scans started while draining").isPositive();
  }

  @Test
  void scanDuringUpdates_returnsEachEntryOnce() throws Exception {
    fill(ENTRIES);
    Thread updater = new Thread(() -> {
      for (int i = 0; i < ENTRIES && !Thread.currentThread().isInterrupted(); i += 3) {
        put(store, key("key-" + i), record(8, i + 1));
      }
    }, "updater");
    updater.start();
    try {
      Map<String, Integer> counts = scanCounts(store, null);

      assertThat(ENTRIES - counts.size()).as("keys missed").isZero();
      assertThat(repeated(counts)).as("keys repeated").isZero();
    } finally {
      updater.interrupt();
      updater.join(TimeUnit.MINUTES.toMillis(1));
    }
  }

  private static long repeated(Map<String, Integer> counts) {
    return counts.values().stream().filter(count -> count > 1).count();
  }

  private void fill(int count) {
    for (int i = 0; i < count; i++) {
      put(store, key("key-" + i), record(8, i));
    }
  }

  private void assertAllReadable(int count) {
    for (int i = 0; i < count; i++) {
      byte[] actual = get(store, key("key-" + i));
      if (actual == null || !java.util.Arrays.equals(actual, record(8, i))) {
        assertThat(actual).as("key-" + i).isEqualTo(record(8, i));
      }
    }
  }
}
