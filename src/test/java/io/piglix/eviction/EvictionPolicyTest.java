package io.piglix.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.piglix.store.Record;
import org.junit.jupiter.api.Test;

class EvictionPolicyTest {

  private static final int NOW = 1_000_000;

  @Test
  void lruHeatFallsWithAge() {
    int previous = Integer.MAX_VALUE;
    for (int age : new int[] {0, 1, 15, 16, 100, 10_000, 1_000_000}) {
      int heat = EvictionPolicy.LRU.heat(header(NOW - age, 1), 0, NOW, null);
      assertThat(heat).as("heat at age %d", age).isLessThan(previous);
      previous = heat;
    }
    assertThat(EvictionPolicy.LRU.heat(header(NOW, 1), 0, NOW, null)).isEqualTo(255);
  }

  @Test
  void ageStepTakesEightStepsPerDoubling() {
    assertThat(EvictionPolicy.ageStep(15)).isEqualTo(15);
    assertThat(EvictionPolicy.ageStep(16)).isEqualTo(16);
    assertThat(EvictionPolicy.ageStep(32)).isEqualTo(24);
    assertThat(EvictionPolicy.ageStep(64)).isEqualTo(32);
    assertThat(EvictionPolicy.ageStep(1L << 31)).isEqualTo(232);
  }

  @Test
  void lfuCounterLosesOneStepPerIdleMinute() {
    int minute = EvictionPolicy.LFU_DECAY_TICKS;

    assertThat(EvictionPolicy.LFU.heat(header(NOW, 40), 0, NOW, null)).isEqualTo(40);
    assertThat(EvictionPolicy.LFU.heat(header(NOW - 3 * minute, 40), 0, NOW, null))
        .isEqualTo(37);
    assertThat(EvictionPolicy.LFU.heat(header(NOW - 100 * minute, 40), 0, NOW, null))
        .isZero();
  }

  @Test
  void frequencyRanksSketchBeforeHits() {
    FrequencySketch sketch = new FrequencySketch();
    int often = 11;
    int once = 12;
    for (int i = 0; i < 5; i++) {
      sketch.increment(often);
    }
    sketch.increment(once);

    int oftenHeat = EvictionPolicy.FREQUENCY.heat(header(NOW, 2), often, NOW, sketch);
    int onceWithHits = EvictionPolicy.FREQUENCY.heat(header(NOW, 16), once, NOW, sketch);

    assertThat(oftenHeat >> 4).as("sketch frequency").isGreaterThanOrEqualTo(5);
    assertThat(onceWithHits & 15).as("hits while stored").isEqualTo(15);
    assertThat(oftenHeat).isGreaterThan(onceWithHits);
  }

  @Test
  void countAccessSlowsDown() {
    assertThat(EvictionPolicy.countAccess(1)).isEqualTo(2);
    assertThat(EvictionPolicy.countAccess(255)).isEqualTo(255);
    int counter = 1;
    for (int i = 0; i < 10_000; i++) {
      counter = EvictionPolicy.countAccess(counter);
    }
    // 10,000 accesses take the counter to about sqrt(2 * 10,000 / 10) = 45.
    assertThat(counter).isBetween(25, 70);
  }

  @Test
  void sketchHalvesCountsAfterItsSample() {
    FrequencySketch sketch = new FrequencySketch();
    sketch.ensureCapacity(10_000);
    for (int i = 0; i < 12; i++) {
      sketch.increment(7);
    }
    assertThat(sketch.frequency(7)).isEqualTo(12);
    assertThat(sketch.frequency(8)).isZero();

    // Ten increments per entry, 100,000, end the sample and halve every counter.
    for (int key = 1000; key < 101_000; key++) {
      sketch.increment(key);
    }

    assertThat(sketch.frequency(7)).as("after halving").isBetween(4, 8);
  }

  @Test
  void sketchKeepsCountsWhenGrown() {
    FrequencySketch sketch = new FrequencySketch();
    for (int i = 0; i < 9; i++) {
      sketch.increment(42);
    }

    sketch.ensureCapacity(1_000_000);

    assertThat(sketch.frequency(42)).isEqualTo(9);
    assertThat(sketch.frequency(43)).isZero();
  }

  @Test
  void frequencyDiscountsEntryWithoutHits() {
    FrequencySketch sketch = new FrequencySketch();
    sketch.ensureCapacity(10_000);
    for (int i = 0; i < 3; i++) {
      sketch.increment(21);
    }
    for (int i = 0; i < 2; i++) {
      sketch.increment(22);
    }

    int justLoaded = EvictionPolicy.FREQUENCY.heat(header(NOW, 1), 21, NOW, sketch);
    int storedEarlier = EvictionPolicy.FREQUENCY.heat(
        header(NOW - EvictionPolicy.FRESH_TICKS, 1), 21, NOW, sketch);
    int hitOnce = EvictionPolicy.FREQUENCY.heat(header(NOW, 2), 22, NOW, sketch);

    assertThat(justLoaded).as("3 reads, no hit, written now").isEqualTo(1 << 4);
    assertThat(storedEarlier).as("3 reads, no hit, written 4 s ago").isEqualTo((2 << 4) | 1);
    assertThat(hitOnce).as("2 reads, 1 hit").isEqualTo((2 << 4) | 2);
  }

  @Test
  void frequencyRanksNewcomerBelowStoredEntry() {
    FrequencySketch sketch = new FrequencySketch();
    sketch.ensureCapacity(10_000);
    int newcomer = 31;
    int stored = 32;
    for (int i = 0; i < 4; i++) {
      sketch.increment(newcomer);
    }
    for (int i = 0; i < 3; i++) {
      sketch.increment(stored);
    }

    // A loop reads both at the same rate, but the newcomer's read that loaded it is counted
    // already, where the stored entry's next read is still to come.
    int newcomerHeat = EvictionPolicy.FREQUENCY.heat(header(NOW - 1, 1), newcomer, NOW,
        sketch);
    int storedHeat = EvictionPolicy.FREQUENCY.heat(header(NOW - 200, 1), stored, NOW, sketch);
    int storedWithHitHeat = EvictionPolicy.FREQUENCY.heat(header(NOW - 200, 2), stored, NOW,
        sketch);

    assertThat(newcomerHeat).as("newcomer, 4 reads").isLessThan(storedHeat);
    assertThat(storedHeat).as("stored without hits, 3 reads").isLessThan(storedWithHitHeat);
  }

  private static byte[] header(int accessTick, int frequency) {
    byte[] record = Record.create(0, 1, Record.ETERNAL, 0, new byte[0]);
    Record.setAccessTick(record, accessTick);
    Record.setFrequency(record, frequency);
    return record;
  }
}
