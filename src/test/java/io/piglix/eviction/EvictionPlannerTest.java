package io.piglix.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    MemberUsage member = member("m1", 0.94, usage("a", 0, 0, 1, 1000, 5));

    assertThat(EvictionPlanner.plan(List.of(member)).isEmpty()).isTrue();
  }

  @Test
  void fullMemberCutsColdestEntriesFirst() {
    CacheUsage cache = usage("a", 0, 0, 1, 0, 0);
    addEntries(cache, 5, 500);
    addEntries(cache, 100, 500);
    MemberUsage member = member("m1", 1.0, cache);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member)).pressureCuts().get("m1");

    assertThat(plan).containsOnlyKeys("a");
    Cut cut = plan.get("a");
    assertThat(cut.heat()).as("cut heat").isEqualTo(5);
    // Fill 1.0 down to 0.9 evicts a tenth of the 1000 entries: 100 of the 500 at heat 5.
    assertThat(cut.fraction()).as("share of heat 5").isCloseTo(0.2, within(0.01));
  }

  @Test
  void eachFullMemberCutsItsOwnColdest() {
    CacheUsage onFirst = usage("a", 0, 0, 1, 0, 0);
    addEntries(onFirst, 10, 1000);
    CacheUsage onSecond = usage("a", 0, 0, 1, 0, 0);
    addEntries(onSecond, 200, 1000);
    CacheUsage onThird = usage("a", 0, 0, 1, 0, 0);
    addEntries(onThird, 1, 1000);

    Map<String, Map<String, Cut>> plan = EvictionPlanner.plan(List.of(
        member("m1", 0.96, onFirst), member("m2", 1.0, onSecond),
        member("m3", 0.92, onThird))).pressureCuts();

    // Each full member evicts from its own entries, however cold another member's are.
    assertThat(plan).as("members with pressure cuts").containsOnlyKeys("m1", "m2");
    assertThat(plan.get("m1").get("a").heat()).as("cut heat on m1").isEqualTo(10);
    assertThat(plan.get("m2").get("a").heat()).as("cut heat on m2").isEqualTo(200);
    // 1.0 down to 0.9 is a tenth of m2's entries; 0.96 down to 0.9 is 6.25% of m1's.
    assertThat(plan.get("m2").get("a").fraction()).as("share of heat 200 on m2")
        .isCloseTo(0.1, within(0.01));
    assertThat(plan.get("m1").get("a").fraction()).as("share of heat 10 on m1")
        .isCloseTo(0.0625, within(0.01));
  }

  @Test
  void duplicateMemberNamesAreRejected() {
    MemberUsage first = member("m1", 0.5);
    MemberUsage second = member("m1", 0.6);

    assertThatThrownBy(() -> EvictionPlanner.plan(List.of(first, second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'m1'");
  }

  @Test
  void weightGuaranteesSmallCacheItsShare() {
    CacheUsage small = usage("small", 0, 0, 1, 0, 0);
    addEntries(small, 1, 200);
    CacheUsage large = usage("large", 0, 0, 1, 0, 0);
    addEntries(large, 50, 800);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member("m1", 1.0, small, large)))
        .pressureCuts().get("m1");

    // The small cache holds the coldest entries but less than its half of the data.
    assertThat(plan).containsOnlyKeys("large");
    assertThat(plan.get("large").heat()).isEqualTo(50);
    assertThat(plan.get("large").fraction()).isCloseTo(100.0 / 800, within(0.01));
  }

  @Test
  void heavierWeightKeepsMore() {
    CacheUsage light = usage("light", 0, 0, 1, 0, 0);
    addEntries(light, 1, 500);
    CacheUsage heavy = usage("heavy", 0, 0, 3, 0, 0);
    addEntries(heavy, 1, 500);

    Map<String, Cut> plan = EvictionPlanner.plan(List.of(member("m1", 1.0, light, heavy)))
        .pressureCuts().get("m1");

    // Guaranteed shares of the 900 entries left: heavy 675, so heavy keeps all 500;
    // light 225, so light gives the whole 100.
    assertThat(plan).containsOnlyKeys("light");
    assertThat(light.heat().below(plan.get("light"), true) / RECORD)
        .isCloseTo(100, within(1.0));
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
  void underfullMemberSkipsOnlyPressureCut() {
    CacheUsage bounded = usage("bounded", 300, 0, 1, 400, 0);
    addEntries(bounded, 3, 400);
    CacheUsage unbounded = usage("unbounded", 0, 0, 1, 2000, 0);
    addEntries(unbounded, 20, 2000);
    EvictionPlanner.Plan plan = EvictionPlanner.plan(List.of(
        member("full", 1.0, bounded, unbounded), member("underfull", 0.5)));
    EvictionPlanner.Orders toFull = plan.ordersFor("full");
    EvictionPlanner.Orders toUnderfull = plan.ordersFor("underfull");

    assertThat(plan.boundCuts()).as("bound cuts").containsOnlyKeys("bounded");
    // The bounded cache contains less than its guaranteed half, so the pressure cut spares it.
    assertThat(toFull.pressureCuts()).as("pressure cuts of the full member")
        .containsOnlyKeys("unbounded");
    assertThat(toUnderfull.pressureCuts()).as("pressure cuts of the underfull member")
        .isEmpty();
    assertThat(toFull.cutsFor(1.0)).as("cuts the full member carries out")
        .containsOnlyKeys("bounded", "unbounded");
    assertThat(toUnderfull.cutsFor(0.5)).as("cuts the underfull member carries out")
        .containsOnlyKeys("bounded");
    assertThat(toUnderfull.cutsFor(0.5).get("bounded")).as("bound cut, underfull member")
        .isEqualTo(plan.boundCuts().get("bounded"));
  }

  @Test
  void ordersSkipPressureCutsBelowLowWatermark() {
    Cut bound = new Cut(3, 0.5);
    Cut pressure = new Cut(20, 0.25);
    EvictionPlanner.Orders orders = new EvictionPlanner.Orders(Map.of("bounded", bound),
        Map.of("unbounded", pressure));

    Map<String, Cut> below = orders.cutsFor(EvictionPlanner.LOW_WATERMARK - 0.01);
    Map<String, Cut> at = orders.cutsFor(EvictionPlanner.LOW_WATERMARK);

    // A member whose fill fell below the low watermark since its report skips the pressure
    // cut but still keeps its bounded cache within the bound.
    assertThat(below).as("cuts below the low watermark").containsOnlyKeys("bounded");
    assertThat(below.get("bounded")).as("bound cut below the low watermark").isEqualTo(bound);
    assertThat(at).as("cuts at the low watermark").containsOnlyKeys("bounded", "unbounded");
    assertThat(at.get("unbounded")).as("pressure cut at the low watermark")
        .isEqualTo(pressure);
  }

  @Test
  void deeperCutWinsWhereCacheHasBoth() {
    CacheUsage cache = usage("a", 1000, 0, 1, 1400, 0);
    addEntries(cache, 3, 700);
    addEntries(cache, 9, 700);
    EvictionPlanner.Plan plan = EvictionPlanner.plan(List.of(member("m1", 1.0, cache)));

    EvictionPlanner.Orders orders = plan.ordersFor("m1");
    Cut bound = orders.boundCuts().get("a");
    Cut pressure = orders.pressureCuts().get("a");

    // The bound evicts 1400 - 970 = 430 entries, at heat 3; the pressure cut a tenth, 140.
    assertThat(bound.heat()).as("bound cut heat").isEqualTo(3);
    assertThat(pressure.position()).as("pressure cut").isLessThan(bound.position());
    assertThat(orders.cutsFor(1.0).get("a")).as("cut at fill 1.0").isEqualTo(bound);
    assertThat(orders.cutsFor(0.5).get("a")).as("cut at fill 0.5").isEqualTo(bound);
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
