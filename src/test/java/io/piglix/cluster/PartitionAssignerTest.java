package io.piglix.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgroups.Address;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

class PartitionAssignerTest {

  private static final int PARTITIONS = 271;

  @Test
  void ownersFollowContributedMemory() {
    Address small = UUID.randomUUID();
    Address medium = UUID.randomUUID();
    Address large = UUID.randomUUID();
    Map<Address, Long> weights = new LinkedHashMap<>();
    weights.put(small, 64L << 20);
    weights.put(medium, 128L << 20);
    weights.put(large, 256L << 20);

    List<List<Address>> target = PartitionAssigner.assign(empty(), weights, 1);

    Map<Address, Integer> owned = ownerCounts(target);
    assertThat(owned.get(small)).isBetween(38, 40);
    assertThat(owned.get(medium)).isBetween(76, 79);
    assertThat(owned.get(large)).isBetween(154, 156);
    assertThat(owned.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(PARTITIONS);
  }

  @Test
  void backupsOnDistinctMembers() {
    Map<Address, Long> weights = equalWeights(5);

    List<List<Address>> target = PartitionAssigner.assign(empty(), weights, 2);

    for (List<Address> replicas : target) {
      assertThat(replicas).hasSize(3);
      assertThat(new HashSet<>(replicas)).hasSize(3);
    }
  }

  @Test
  void backupCountCappedByMembers() {
    List<List<Address>> target = PartitionAssigner.assign(empty(), equalWeights(2), 3);

    for (List<Address> replicas : target) {
      assertThat(replicas).hasSize(2);
      assertThat(replicas.get(0)).isNotEqualTo(replicas.get(1));
    }
  }

  @Test
  void joinMovesOnlyItsShare() {
    Map<Address, Long> three = equalWeights(3);
    List<List<Address>> before = PartitionAssigner.assign(empty(), three, 1);
    Map<Address, Long> four = new LinkedHashMap<>(three);
    Address joiner = UUID.randomUUID();
    four.put(joiner, 1L);
    four.replaceAll((member, weight) -> 64L << 20);

    List<List<Address>> after = PartitionAssigner.assign(before, four, 1);

    int ownersMoved = 0;
    for (int p = 0; p < PARTITIONS; p++) {
      if (!before.get(p).get(0).equals(after.get(p).get(0))) {
        ownersMoved++;
        assertThat(after.get(p).get(0)).isEqualTo(joiner);
      }
    }
    assertThat(ownersMoved).isBetween(67, 68);
    assertThat(ownerCounts(after).get(joiner)).isBetween(67, 68);
  }

  @Test
  void leaveKeepsSurvivingOwners() {
    Map<Address, Long> weights = equalWeights(3);
    List<List<Address>> before = PartitionAssigner.assign(empty(), weights, 1);
    Address leaving = weights.keySet().iterator().next();
    Map<Address, Long> remaining = new LinkedHashMap<>(weights);
    remaining.remove(leaving);
    List<List<Address>> current = new ArrayList<>();
    for (List<Address> replicas : before) {
      List<Address> alive = new ArrayList<>(replicas);
      alive.remove(leaving);
      current.add(alive);
    }

    List<List<Address>> after = PartitionAssigner.assign(current, remaining, 1);

    for (int p = 0; p < PARTITIONS; p++) {
      Address previousOwner = before.get(p).get(0);
      if (!previousOwner.equals(leaving)) {
        assertThat(after.get(p).get(0)).as("owner of partition %d", p)
            .isEqualTo(previousOwner);
      } else {
        assertThat(after.get(p).get(0)).as("new owner of partition %d", p)
            .isEqualTo(before.get(p).get(1));
      }
      assertThat(after.get(p)).doesNotContain(leaving).hasSize(2);
    }
  }

  @Test
  void noStorageMembersAssignsNothing() {
    List<List<Address>> target = PartitionAssigner.assign(empty(), Map.of(), 1);

    assertThat(target).hasSize(PARTITIONS).allSatisfy(replicas -> assertThat(replicas).isEmpty());
  }

  private static List<List<Address>> empty() {
    List<List<Address>> current = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      current.add(List.of());
    }
    return current;
  }

  private static Map<Address, Long> equalWeights(int members) {
    Map<Address, Long> weights = new LinkedHashMap<>();
    for (int i = 0; i < members; i++) {
      weights.put(UUID.randomUUID(), 64L << 20);
    }
    return weights;
  }

  private static Map<Address, Integer> ownerCounts(List<List<Address>> target) {
    Map<Address, Integer> counts = new HashMap<>();
    Set<Address> seen = new HashSet<>();
    for (List<Address> replicas : target) {
      counts.merge(replicas.get(0), 1, Integer::sum);
      seen.addAll(replicas);
    }
    return counts;
  }
}
