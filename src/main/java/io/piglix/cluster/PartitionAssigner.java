package io.piglix.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgroups.Address;

/**
 * Computes where partitions should live: owners and backups spread over the storage members
 * in proportion to the memory each contributes, changing as few assignments as possible.
 *
 * <p>Quotas come from the largest-remainder method, so they sum exactly to the number of
 * slots. Owners are kept where they are unless their member is over quota; a partition that
 * needs a new owner goes to one of its live replicas when one is under quota, since that
 * moves no data, and otherwise to the member furthest below its quota. Backups are kept,
 * trimmed to the backup count, filled up on distinct members, and then moved from members
 * over their replica quota to members under it.
 */
final class PartitionAssigner {

  private PartitionAssigner() {
  }

  /**
   * Returns the target replicas of every partition.
   *
   * @param current the current replicas of each partition, owner first, live members only
   * @param weights the storage members and their contributed bytes
   * @param backupCount the configured number of backups
   */
  static List<List<Address>> assign(List<List<Address>> current, Map<Address, Long> weights,
      int backupCount) {
    int partitions = current.size();
    List<Address> members = new ArrayList<>(weights.keySet());
    members.sort(Comparator.comparing(Object::toString));
    List<List<Address>> target = new ArrayList<>(partitions);
    if (members.isEmpty()) {
      for (int p = 0; p < partitions; p++) {
        target.add(new ArrayList<>());
      }
      return target;
    }
    int backups = Math.min(backupCount, members.size() - 1);
    Map<Address, Integer> ownerQuota = quotas(members, weights, partitions, partitions);
    Map<Address, Integer> replicaQuota = quotas(members, weights,
        (long) partitions * (1 + backups), partitions);

    Address[] owners = assignOwners(current, members, ownerQuota);
    for (int p = 0; p < partitions; p++) {
      List<Address> replicas = new ArrayList<>();
      replicas.add(owners[p]);
      for (Address holder : current.get(p)) {
        if (!holder.equals(owners[p]) && weights.containsKey(holder)
            && replicas.size() < 1 + backups) {
          replicas.add(holder);
        }
      }
      target.add(replicas);
    }
    fillBackups(target, members, replicaQuota, backups);
    balanceBackups(target, members, replicaQuota);
    return target;
  }

  private static Address[] assignOwners(List<List<Address>> current, List<Address> members,
      Map<Address, Integer> quota) {
    int partitions = current.size();
    Address[] owners = new Address[partitions];
    Map<Address, Integer> owned = counts(members);
    for (int p = 0; p < partitions; p++) {
      for (Address holder : current.get(p)) {
        if (owned.containsKey(holder)) {
          owners[p] = holder;
          owned.merge(holder, 1, Integer::sum);
          break;
        }
      }
    }
    for (int p = 0; p < partitions; p++) {
      Address owner = owners[p];
      if (owner != null && owned.get(owner) > quota.get(owner)) {
        Address taker = replicaUnderQuota(current.get(p), owner, owned, quota);
        if (taker != null) {
          owners[p] = taker;
          owned.merge(owner, -1, Integer::sum);
          owned.merge(taker, 1, Integer::sum);
        }
      }
    }
    for (int p = 0; p < partitions; p++) {
      Address owner = owners[p];
      if (owner != null && owned.get(owner) > quota.get(owner)) {
        owned.merge(owner, -1, Integer::sum);
        owners[p] = null;
      }
    }
    for (int p = 0; p < partitions; p++) {
      if (owners[p] != null) {
        continue;
      }
      Address taker = replicaUnderQuota(current.get(p), null, owned, quota);
      if (taker == null) {
        taker = mostBelowQuota(members, owned, quota, List.of());
      }
      owners[p] = taker;
      owned.merge(taker, 1, Integer::sum);
    }
    return owners;
  }

  private static void fillBackups(List<List<Address>> target, List<Address> members,
      Map<Address, Integer> quota, int backups) {
    Map<Address, Integer> load = loads(target, members);
    for (List<Address> replicas : target) {
      while (replicas.size() < 1 + backups) {
        Address taker = mostBelowQuota(members, load, quota, replicas);
        if (taker == null) {
          break;
        }
        replicas.add(taker);
        load.merge(taker, 1, Integer::sum);
      }
    }
  }

  private static void balanceBackups(List<List<Address>> target, List<Address> members,
      Map<Address, Integer> quota) {
    Map<Address, Integer> load = loads(target, members);
    boolean moved = true;
    for (int round = 0; round < 4 && moved; round++) {
      moved = false;
      for (List<Address> replicas : target) {
        for (int i = 1; i < replicas.size(); i++) {
          Address holder = replicas.get(i);
          if (load.get(holder) <= quota.get(holder)) {
            continue;
          }
          Address taker = mostBelowQuota(members, load, quota, replicas);
          if (taker == null || load.get(taker) >= quota.get(taker)) {
            continue;
          }
          replicas.set(i, taker);
          load.merge(holder, -1, Integer::sum);
          load.merge(taker, 1, Integer::sum);
          moved = true;
        }
      }
    }
  }

  private static Address replicaUnderQuota(List<Address> holders, Address excluded,
      Map<Address, Integer> owned, Map<Address, Integer> quota) {
    for (Address holder : holders) {
      if (!holder.equals(excluded) && owned.containsKey(holder)
          && owned.get(holder) < quota.get(holder)) {
        return holder;
      }
    }
    return null;
  }

  private static Address mostBelowQuota(List<Address> members, Map<Address, Integer> counts,
      Map<Address, Integer> quota, List<Address> excluded) {
    Address best = null;
    long bestDeficit = Long.MIN_VALUE;
    for (Address member : members) {
      if (excluded.contains(member)) {
        continue;
      }
      long deficit = quota.get(member) - (long) counts.get(member);
      if (deficit > bestDeficit) {
        best = member;
        bestDeficit = deficit;
      }
    }
    return best;
  }

  /**
   * Splits {@code slots} over the members in proportion to their weights, each capped at
   * {@code cap}, by the largest-remainder method.
   */
  static Map<Address, Integer> quotas(List<Address> members, Map<Address, Long> weights,
      long slots, int cap) {
    Map<Address, Integer> quota = new LinkedHashMap<>();
    List<Address> open = new ArrayList<>(members);
    long remaining = slots;
    while (!open.isEmpty() && remaining > 0) {
      double total = 0;
      for (Address member : open) {
        total += Math.max(1, weights.get(member));
      }
      Map<Address, Double> exact = new HashMap<>();
      long assigned = 0;
      for (Address member : open) {
        double share = remaining * Math.max(1, weights.get(member)) / total;
        exact.put(member, share);
        int whole = (int) Math.floor(share);
        quota.merge(member, whole, Integer::sum);
        assigned += whole;
      }
      List<Address> byRemainder = new ArrayList<>(open);
      byRemainder.sort(Comparator.comparingDouble(
          (Address member) -> exact.get(member) - Math.floor(exact.get(member))).reversed()
          .thenComparing(Object::toString));
      long leftover = remaining - assigned;
      for (int i = 0; i < leftover; i++) {
        quota.merge(byRemainder.get(i % byRemainder.size()), 1, Integer::sum);
      }
      remaining = 0;
      List<Address> stillOpen = new ArrayList<>();
      for (Address member : open) {
        int value = quota.get(member);
        if (value > cap) {
          remaining += value - cap;
          quota.put(member, cap);
        } else if (value < cap) {
          stillOpen.add(member);
        }
      }
      open = stillOpen;
    }
    for (Address member : members) {
      quota.putIfAbsent(member, 0);
    }
    return quota;
  }

  private static Map<Address, Integer> counts(List<Address> members) {
    Map<Address, Integer> counts = new HashMap<>();
    for (Address member : members) {
      counts.put(member, 0);
    }
    return counts;
  }

  private static Map<Address, Integer> loads(List<List<Address>> target, List<Address> members) {
    Map<Address, Integer> load = counts(members);
    for (List<Address> replicas : target) {
      for (Address holder : replicas) {
        load.merge(holder, 1, Integer::sum);
      }
    }
    return load;
  }
}
