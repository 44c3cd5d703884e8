package io.piglix.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.piglix.eviction.EvictionPlanner.CacheUsage;
import io.piglix.eviction.EvictionPlanner.MemberUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvictionPlannerTest {

  private static final long RECORD = 100;

  @Test
  void memberBelowHighWatermarkEvictsNothing() {
    MemberUsage member = member("m1", 0.95, usage("a", 0, 0, 1, 1000, 5));

    assertThat(EvictionPlanner.plan(List.of(member)).isEmpty()).isTrue();
  }

  @Test
  void fullPoolCutsColdestEntriesFirst() {
    CacheUsage cache = usage("a", 0, 0, 1, 0, 0);
    addEntries(cache, 5, 500);
    addEntries(cache, 100, 500);
    MemberUsage member = member("m1", 1.0, cache);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member)).pressureCuts();

    assertThat(plan).containsOnlyKeys("a");
    Cut cut = plan.get("a");
    assertThat(cut.heat()).as("cut heat").isEqualTo(5);
    // Fill 1.0 down to 0.93 evicts 7% of the 1000 entries: 70 of the 500 at heat 5.
    assertThat(cut.fraction()).as("share of heat 5").isCloseTo(0.14, within(0.01));
  }

  @Test
  void poolCutSpansMembers() {
    CacheUsage onFirst = usage("a", 0, 0, 1, 0, 0);
    addEntries(onFirst, 10, 1000);
    CacheUsage onSecond = usage("a", 0, 0, 1, 0, 0);
    addEntries(onSecond, 200, 1000);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member("m1", 1.0, onFirst),
        member("m2", 0.95, onSecond))).pressureCuts();

    // The coldest entries are all on the first member, so the cut stays at heat 10.
    assertThat(plan.get("a").heat()).isEqualTo(10);
  }

  @Test
  void weightGuaranteesSmallCacheItsShare() {
    CacheUsage small = usage("small", 0, 0, 1, 0, 0);
    addEntries(small, 1, 200);
    CacheUsage large = usage("large", 0, 0, 1, 0, 0);
    addEntries(large, 50, 800);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member("m1", 1.0, small, large)))
        .pressureCuts();

    // The small cache holds the coldest entries but less than its half of the data.
    assertThat(plan).containsOnlyKeys("large");
    assertThat(plan.get("large").heat()).isEqualTo(50);
    assertThat(plan.get("large").fraction()).isCloseTo(70.0 / 800, within(0.01));
  }

  @Test
  void heavierWeightKeepsMore() {
    CacheUsage light = usage("light", 0, 0, 1, 0, 0);
    addEntries(light, 1, 500);
    CacheUsage heavy = usage("heavy", 0, 0, 3, 0, 0);
    addEntries(heavy, 1, 500);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member("m1", 1.0, light, heavy)))
        .pressureCuts();

    // Guaranteed shares of the 930 entries left: heavy 697.5, so heavy keeps all 500;
    // light 232.5, so light gives the whole 70.
    assertThat(plan).containsOnlyKeys("light");
    assertThat(light.heat().below(plan.get("light"), true) / RECORD)
        .isCloseTo(70, within(1.0));
  }

  @Test
  void maxEntriesBoundCutsToTarget() {
    CacheUsage first = usage("a", 1000, 0, 1, 700, 0);
    addEntries(first, 3, 700);
    CacheUsage second = usage("a", 1000, 0, 1, 700, 0);
    addEntries(second, 9, 700);

    EvictionPlanner.Plan plan = EvictionPlanner.plan(List.of(member("m1", 0.2, first),
        member("m2", 0.2, second)));

    // 1400 entries against a bound of 1000 evicts 1400 - 970 = 430, all at heat 3.
    assertThat(plan.pressureCuts()).isEmpty();
    Cut cut = plan.boundCuts().get("a");
    assertThat(cut.heat()).isEqualTo(3);
    assertThat(cut.fraction()).isCloseTo(430.0 / 700, within(0.01));
  }

  @Test
  void maxBytesBoundCutsToTarget() {
    CacheUsage cache = usage("a", 0, 50_000, 1, 1000, 1000 * RECORD);
    addEntries(cache, 7, 1000);

    Cut cut = EvictionPlanner.plan(List.of(member("m1", 0.2, cache))).boundCuts().get("a");

    // 100,000 bytes against 50,000 evicts 100,000 - 48,500 bytes: 515 entries.
    assertThat(cut.heat()).isEqualTo(7);
    assertThat(cut.fraction()).isCloseTo(0.515, within(0.01));
  }

  @Test
  void memberStillEvictingPostponesPlan() {
    CacheUsage cache = usage("a", 10, 0, 1, 1000, 0);
    addEntries(cache, 1, 1000);
    MemberUsage evicting = new MemberUsage("m1", 1L << 20, 1.0, true, List.of(cache));

    assertThat(EvictionPlanner.plan(List.of(evicting)).isEmpty()).isTrue();
  }

  @Test
  void underfullMemberAppliesOnlyBoundCut() {
    CacheUsage bounded = usage("bounded", 300, 0, 1, 400, 0);
    addEntries(bounded, 3, 400);
    CacheUsage unbounded = usage("unbounded", 0, 0, 1, 2000, 0);
    addEntries(unbounded, 20, 2000);
    EvictionPlanner.Plan plan = EvictionPlanner.plan(List.of(
        member("full", 1.0, bounded, unbounded), member("underfull", 0.5)));

    Map<String, Cut> onFull = plan.cutsFor(1.0);
    Map<String, Cut> onUnderfull = plan.cutsFor(0.5);
    Map<String, Cut> atLowWatermark = plan.cutsFor(EvictionPlanner.LOW_WATERMARK);

    assertThat(plan.boundCuts()).as("bound cuts").containsOnlyKeys("bounded");
    // The bounded cache stores less than its guaranteed half, so the pressure cut spares it.
    assertThat(plan.pressureCuts()).as("pressure cuts").containsOnlyKeys("unbounded");
    assertThat(onFull).as("cuts of the full member").containsKeys("bounded", "unbounded");
    assertThat(onUnderfull).as("cuts of the underfull member").containsOnlyKeys("bounded");
    assertThat(onUnderfull.get("bounded")).isEqualTo(plan.boundCuts().get("bounded"));
    assertThat(atLowWatermark).as("cuts at the low watermark")
        .containsKeys("bounded", "unbounded");
  }

  @Test
  void deeperCutWinsWhereCacheHasBoth() {
    CacheUsage cache = usage("a", 1000, 0, 1, 1400, 0);
    addEntries(cache, 3, 700);
    addEntries(cache, 9, 700);
    EvictionPlanner.Plan plan = EvictionPlanner.plan(List.of(member("m1", 1.0, cache)));

    Cut bound = plan.boundCuts().get("a");
    Cut pressure = plan.pressureCuts().get("a");

    // The bound evicts 1400 - 970 = 430 entries at heat 3, and the pressure cut 7% of 1400, 98.
    assertThat(bound.heat()).as("bound cut heat").isEqualTo(3);
    assertThat(pressure.position()).as("pressure cut").isLessThan(bound.position());
    assertThat(plan.cutsFor(1.0).get("a")).as("cut of a full member").isEqualTo(bound);
    assertThat(plan.cutsFor(0.5).get("a")).as("cut of an underfull member").isEqualTo(bound);
  }

  @Test
  void pressureCutCountsOnlyMembersAtLowWatermark() {
    CacheUsage onFull = usage("a", 0, 0, 1, 1000, 0);
    addEntries(onFull, 50, 1000);
    CacheUsage onUnderfull = usage("a", 0, 0, 1, 1000, 0);
    addEntries(onUnderfull, 5, 1000);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member("full", 1.0, onFull),
        member("underfull", 0.5, onUnderfull))).pressureCuts();

    // The underfull member's colder entries would take the cut, but it skips the cut. So the
    // plan takes 7% of the full member's 1000 entries from heat 50.
    Cut cut = plan.get("a");
    assertThat(cut.heat()).as("cut heat").isEqualTo(50);
    assertThat(cut.fraction()).as("share of heat 50").isCloseTo(0.07, within(0.01));
  }

  private static CacheUsage usage(String cache, long maxEntries, long maxBytes, int weight,
      long entries, long bytes) {
    return new CacheUsage(cache, EvictionPolicy.FREQUENCY, maxEntries, maxBytes, weight,
        entries, bytes, HeatHistogram.empty());
  }

  private static void addEntries(CacheUsage cache, int heat, int count) {
    for (int i = 0; i < count; i++) {
      cache.heat().add(heat, RECORD);
    }
  }

  private static MemberUsage member(String name, double fill, CacheUsage... caches) {
    return new MemberUsage(name, 1L << 20, fill, false, List.of(caches));
  }
}
