package io.piglix.store;

import static io.piglix.store.StoreTestSupport.get;
import static io.piglix.store.StoreTestSupport.key;
import static io.piglix.store.StoreTestSupport.put;
import static io.piglix.store.StoreTestSupport.record;
import static io.piglix.store.StoreTestSupport.remove;
import static io.piglix.store.StoreTestSupport.scanCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.OS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks per-key operations, chunking of large values, scans and closing of a store. */
class RecordStoreTest {

  private static final int KIB = 1024;

  private ExecutorService maintenance;
  private RecordStore store;

  @BeforeEach
  void createStore() {
    maintenance = Executors.newSingleThreadExecutor();
    store = new RecordStore("test", StoreSizing.DEFAULT, maintenance);
  }

  @AfterEach
  void closeStore() throws InterruptedException {
    store.close();
    maintenance.shutdownNow();
    maintenance.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void put_thenGet_returnsEqualRecord() {
    byte[] record = record(100, 1);

    put(store, key("k"), record);

    assertThat(get(store, key("k"))).isEqualTo(record);
    assertThat(store.containsKey(key("k"))).isTrue();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void get_missingKey_returnsNull() {
    assertThat(get(store, key("missing"))).isNull();
    assertThat(store.containsKey(key("missing"))).isFalse();
  }

  @Test
  void put_existingKey_replacesRecord() {
    put(store, key("k"), record(10, 1));
    byte[] replacement = record(20, 2);

    put(store, key("k"), replacement);

    assertThat(get(store, key("k"))).isEqualTo(replacement);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void remove_existingKey_removesRecord() {
    put(store, key("k"), record(10, 1));

    assertThat(remove(store, key("k"))).isTrue();
    assertThat(get(store, key("k"))).isNull();
    assertThat(store.size()).isZero();
    assertThat(store.payloadBytes()).isZero();
  }

  @Test
  void remove_missingKey_returnsFalse() {
    assertThat(remove(store, key("missing"))).isFalse();
  }

  @Test
  void emptyKeyAndValue_roundTrip() {
    byte[] record = record(0, 3);

    put(store, new byte[0], record);

    assertThat(get(store, new byte[0])).isEqualTo(record);
  }

  @ParameterizedTest(name = "value of {0} bytes")
  @ValueSource(ints = {7 * KIB, 8 * KIB - Record.HEADER_SIZE, 8 * KIB - Record.HEADER_SIZE + 1,
      8 * KIB, 8 * KIB + 1, 16 * KIB, 100 * KIB, 5 * KIB * KIB})
  void largeValue_roundTrip_equalRecord(int valueLength) {
    byte[] record = record(valueLength, valueLength);

    put(store, key("big"), record);

    assertThat(get(store, key("big"))).isEqualTo(record);
    assertThat(store.payloadBytes()).isEqualTo(expectedPayload(3, valueLength));
  }

  @Test
  void largeOverwrittenBySmall_leavesNoChunks() {
    put(store, key("k"), record(100 * KIB, 1));
    byte[] small = record(10, 2);

    put(store, key("k"), small);

    assertThat(get(store, key("k"))).isEqualTo(small);
    assertThat(store.payloadBytes()).isEqualTo(expectedPayload(1, 10));
  }

  @Test
  void smallOverwrittenByLarge_storesAllChunks() {
    put(store, key("k"), record(10, 1));
    byte[] large = record(100 * KIB, 2);

    put(store, key("k"), large);

    assertThat(get(store, key("k"))).isEqualTo(large);
    assertThat(store.payloadBytes()).isEqualTo(expectedPayload(1, 100 * KIB));
  }

  @Test
  void largeOverwrittenBySmallerLarge_dropsExtraChunks() {
    put(store, key("k"), record(100 * KIB, 1));
    byte[] smaller = record(20 * KIB, 2);

    put(store, key("k"), smaller);

    assertThat(get(store, key("k"))).isEqualTo(smaller);
    assertThat(store.payloadBytes()).isEqualTo(expectedPayload(1, 20 * KIB));
  }

  @Test
  void largeOverwrittenByLarger_storesAllChunks() {
    put(store, key("k"), record(20 * KIB, 1));
    byte[] larger = record(100 * KIB, 2);

    put(store, key("k"), larger);

    assertThat(get(store, key("k"))).isEqualTo(larger);
    assertThat(store.payloadBytes()).isEqualTo(expectedPayload(1, 100 * KIB));
  }

  @Test
  void largeValue_remove_leavesNoChunks() {
    put(store, key("k"), record(100 * KIB, 1));

    assertThat(remove(store, key("k"))).isTrue();
    assertThat(store.payloadBytes()).isZero();
  }

  @Test
  void largeValues_similarKeys_keptApart() {
    byte[] first = record(20 * KIB, 1);
    byte[] second = record(20 * KIB, 2);

    put(store, new byte[] {1, 2}, first);
    put(store, new byte[] {1, 2, 0, 0, 0, 0}, second);

    assertThat(get(store, new byte[] {1, 2})).isEqualTo(first);
    assertThat(get(store, new byte[] {1, 2, 0, 0, 0, 0})).isEqualTo(second);
  }

  @Test
  void keyOverLimit_rejectedNamingSizeAndLimit() {
    byte[] previous = record(10, 1);
    put(store, key("other"), previous);
    byte[] hugeKey = new byte[RecordStore.MAX_KEY_SIZE + 1];

    assertThatThrownBy(() -> put(store, hugeKey, record(10, 2)))
        .isInstanceOf(EntryTooLargeException.class)
        .hasMessageContaining(String.valueOf(RecordStore.MAX_KEY_SIZE + 1))
        .hasMessageContaining(String.valueOf(RecordStore.MAX_KEY_SIZE));
    assertThat(get(store, hugeKey)).isNull();
    assertThat(get(store, key("other"))).isEqualTo(previous);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void keyAtLimit_withLargeValue_roundTrips() {
    byte[] maxKey = new byte[RecordStore.MAX_KEY_SIZE];
    Arrays.fill(maxKey, (byte) 'k');
    byte[] inline = record(8 * KIB - Record.HEADER_SIZE, 1);
    byte[] chunked = record(64 * KIB, 2);

    put(store, maxKey, inline);
    assertThat(get(store, maxKey)).isEqualTo(inline);
    put(store, maxKey, chunked);

    assertThat(get(store, maxKey)).isEqualTo(chunked);
  }

  @Test
  void scan_returnsEachEntryOnce() {
    Map<String, byte[]> expected = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      byte[] record = record(i % 7 == 0 ? 20 * KIB : 50, i);
      expected.put("key-" + i, record);
      put(store, key("key-" + i), record);
    }
    Map<String, byte[]> scanned = new HashMap<>();

    Map<String, Integer> counts = scanCounts(store, scanned);

    assertThat(counts).hasSize(500);
    assertThat(counts.values()).containsOnly(1);
    for (Map.Entry<String, byte[]> entry : expected.entrySet()) {
      assertThat(scanned.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
    }
  }

  @Test
  void scan_emptyStore_returnsNothing() {
    assertThat(scanCounts(store, null)).isEmpty();
  }

  @Test
  void clear_removesEverything() {
    put(store, key("a"), record(10, 1));
    put(store, key("b"), record(50 * KIB, 2));

    store.clear();

    assertThat(store.size()).isZero();
    assertThat(store.payloadBytes()).isZero();
    assertThat(get(store, key("b"))).isNull();
  }

  @Test
  void twoWriters_boundedOps_allValuesCorrect() throws Exception {
    int opsPerWriter = 20_000;
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = writers.submit(() -> write(0, opsPerWriter));
      Future<?> second = writers.submit(() -> write(1, opsPerWriter));
      first.get(2, TimeUnit.MINUTES);
      second.get(2, TimeUnit.MINUTES);
    } finally {
      writers.shutdownNow();
    }

    for (int writer = 0; writer < 2; writer++) {
      for (int i = 0; i < 1_000; i++) {
        byte[] expected = record(32 + i % 50, lastSeed(writer, i, opsPerWriter));
        assertThat(get(store, key(writer + "-" + i))).as(writer + "-" + i).isEqualTo(expected);
      }
    }
    assertThat(store.size()).isEqualTo(2_000);
  }

  @Test
  void close_freesOffHeapMemory() throws InterruptedException {
    ExecutorService ownMaintenance = Executors.newSingleThreadExecutor();
    long before = OS.memory().nativeMemoryUsed();
    RecordStore own = new RecordStore("closing", new StoreSizing(100_000, 16, 256),
        ownMaintenance);
    put(own, key("small"), record(100, 1));
    put(own, key("large"), record(200 * KIB, 2));
    long open = OS.memory().nativeMemoryUsed();

    own.close();
    ownMaintenance.shutdown();
    ownMaintenance.awaitTermination(10, TimeUnit.SECONDS);

    assertThat(open - before).isGreaterThan(1L << 20);
    assertThat(OS.memory().nativeMemoryUsed()).isLessThanOrEqualTo(before);
    assertThat(own.offHeapBytes()).isZero();
  }

  /** Writes 1000 keys of one writer over and over, with the operation number as seed. */
  private void write(int writer, int ops) {
    for (int op = 0; op < ops; op++) {
      int i = op % 1_000;
      put(store, key(writer + "-" + i), record(32 + i % 50, writer * 1_000_000 + op));
    }
  }

  private static int lastSeed(int writer, int i, int ops) {
    int lastOp = ((ops - 1 - i) / 1_000) * 1_000 + i;
    return writer * 1_000_000 + lastOp;
  }

  /**
   * Returns the payload bytes of one entry: key plus record when the record is inline, else key
   * plus the chunked record, plus each chunk with its key (the key and a 4-byte chunk number).
   */
  private static long expectedPayload(int keyLength, int valueLength) {
    int recordLength = Record.HEADER_SIZE + valueLength;
    if (recordLength <= RecordStore.INLINE_LIMIT) {
      return keyLength + recordLength;
    }
    int chunks = (valueLength + RecordStore.CHUNK_SIZE - 1) / RecordStore.CHUNK_SIZE;
    return keyLength + Record.HEADER_SIZE + 8 + (long) chunks * (keyLength + 4) + valueLength;
  }
}
