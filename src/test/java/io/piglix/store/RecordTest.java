package io.piglix.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks the 32-byte record header layout. */
class RecordTest {

  private static final long NOW = Record.ACCESS_EPOCH_MILLIS + 90_000L;

  @Test
  void create_headerFields_readBack() {
    byte[] record = Record.create(65_535, 42L, NOW + 5_000, NOW, new byte[] {7, 8, 9});

    assertThat(Record.partition(record)).isEqualTo(65_535);
    assertThat(Record.version(record)).isEqualTo(42L);
    assertThat(Record.expiryTime(record)).isEqualTo(NOW + 5_000);
    assertThat(Record.accessTime(record)).isEqualTo(NOW);
    assertThat(Record.frequency(record)).isEqualTo(1);
    assertThat(Record.updateTime(record)).isEqualTo(NOW);
    assertThat(Record.valueLength(record)).isEqualTo(3);
    assertThat(Record.value(record)).containsExactly(7, 8, 9);
  }

  @Test
  void create_length_isHeaderPlusValue() {
    byte[] record = Record.create(1, 1L, Record.ETERNAL, NOW, new byte[100]);

    assertThat(record).hasSize(Record.HEADER_SIZE + 100);
    assertThat(Record.flags(record)).isEqualTo(Record.FORMAT_VERSION << 4);
  }

  @Test
  void expiry_atExpiryTime_isExpired() {
    byte[] record = Record.create(1, 1L, NOW, NOW, new byte[0]);

    assertThat(Record.isExpiredAt(record, NOW - 1)).isFalse();
    assertThat(Record.isExpiredAt(record, NOW)).isTrue();
  }

  @Test
  void eternal_farFuture_notExpired() {
    byte[] record = Record.create(1, 1L, Record.ETERNAL, NOW, new byte[0]);

    assertThat(Record.isExpiredAt(record, Long.MAX_VALUE - 1)).isFalse();
  }

  @Test
  void setExpiryTime_changesOnlyExpiry() {
    byte[] record = Record.create(3, 9L, Record.ETERNAL, NOW, new byte[] {1});

    Record.setExpiryTime(record, NOW + 1);

    assertThat(Record.expiryTime(record)).isEqualTo(NOW + 1);
    assertThat(Record.version(record)).isEqualTo(9L);
    assertThat(Record.value(record)).containsExactly(1);
  }

  @Test
  void recordAccess_frequency_clampedTo255() {
    byte[] record = Record.create(1, 1L, Record.ETERNAL, NOW, new byte[0]);

    Record.recordAccess(record, NOW + 3_000, 1_000);

    assertThat(Record.frequency(record)).isEqualTo(255);
    assertThat(Record.accessTime(record)).isEqualTo(NOW + 3_000);
    assertThat(Record.updateTime(record)).isEqualTo(NOW);
  }

  @Test
  void accessTime_beforeEpoch_clampedToEpoch() {
    byte[] record = Record.create(1, 1L, Record.ETERNAL, 0L, new byte[0]);

    assertThat(Record.accessTime(record)).isEqualTo(Record.ACCESS_EPOCH_MILLIS);
  }
}
