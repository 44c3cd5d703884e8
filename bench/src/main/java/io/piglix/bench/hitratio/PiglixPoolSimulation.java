package io.piglix.bench.hitratio;

import io.piglix.eviction.EvictionPlanner;
import io.piglix.eviction.EvictionPolicy;
import io.piglix.store.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A piglix pool of storage members with equal capacity and no backups, evicting with piglix's
 * own classes: each member tracks reads with {@code AccessTracker}, a planning round every
 * {@code readsPerRound} reads collects the members' reports and runs
 * {@link EvictionPlanner#plan}, and each member carries out the cuts that
 * {@link EvictionPlanner.Plan#cutsFor} selects for its fill, as {@code CapacityAgent.apply}
 * does: a member below the low watermark skips the pressure cuts. Between rounds a write that
 * finds its store full makes room in its segment.
 *
 * <p>The simulated clock advances {@code 500 / readsPerRound} ms per read, so a round is the
 * coordinator's 500 ms period and the access ticks of records (100 ms) move at the same pace.
 */
final class PiglixPoolSimulation implements SimulatedCache {

  /** Period of the coordinator's planning rounds. */
  static final long ROUND_MILLIS = 500;

  /** Start of the simulated clock: a day after the origin of the records' access ticks. */
  private static final long START_MILLIS = Record.ACCESS_EPOCH_MILLIS + 86_400_000L;

  private final KeySpace keySpace;
  private final List<SimulatedMember> members = new ArrayList<>();
  private final int readsPerRound;
  private final SplittableRandom salts = new SplittableRandom(11);
  private long reads;
  private long rounds;
  private long cuts;

  PiglixPoolSimulation(KeySpace keySpace, EvictionPolicy policy, int memberCount,
      int capacity, int segmentsPerMember, int readsPerRound) {
    this.keySpace = keySpace;
    this.readsPerRound = readsPerRound;
    for (int i = 0; i < memberCount; i++) {
      members.add(new SimulatedMember("member-" + i, keySpace, policy, capacity / memberCount,
          segmentsPerMember));
    }
  }

  @Override
  public boolean read(int key) {
    reads++;
    long nowMillis = START_MILLIS + reads * ROUND_MILLIS / readsPerRound;
    if (reads % readsPerRound == 0) {
      planRound(nowMillis);
    }
    return members.get(keySpace.member(key)).read(key, nowMillis);
  }

  private void planRound(long nowMillis) {
    rounds++;
    int nowTick = Record.ticks(nowMillis);
    List<EvictionPlanner.MemberUsage> usages = new ArrayList<>();
    for (SimulatedMember member : members) {
      usages.add(member.report(nowTick));
    }
    EvictionPlanner.Plan plan = EvictionPlanner.plan(usages);
    if (plan.isEmpty()) {
      return;
    }
    cuts++;
    for (SimulatedMember member : members) {
      member.apply(plan, nowTick, salts.nextInt());
    }
  }

  @Override
  public long size() {
    long size = 0;
    for (SimulatedMember member : members) {
      size += member.size();
    }
    return size;
  }

  /** Returns the counts of rounds, cuts and evictions, for the log. */
  String summary() {
    long planned = 0;
    long room = 0;
    long rejected = 0;
    for (SimulatedMember member : members) {
      planned += member.plannedEvictions;
      room += member.roomEvictions;
      rejected += member.rejectedWrites;
    }
    return String.format(java.util.Locale.ROOT,
        "%,d rounds, %,d with a cut; %,d entries evicted by cuts, %,d to make room for a write;"
            + " %,d writes rejected", rounds, cuts, planned, room, rejected);
  }
}
