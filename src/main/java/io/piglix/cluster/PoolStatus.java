package io.piglix.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a pool as one member sees it: every member that answered, the members that
 * did not, and the health of the partition table.
 *
 * @param clusterName the cluster name
 * @param tableVersion the version of the partition table
 * @param partitionCount the number of partitions
 * @param backupCount the configured number of backups
 * @param members the members that answered, in view order
 * @param unreachable members in the view that did not answer in time
 * @param partitionsWithoutOwner partitions with no live owner
 * @param partitionsMissingBackups partitions with fewer live backups than configured, as far
 *     as the storage members allow, plus those whose owner no longer replicates to a listed
 *     backup (see {@link MemberStatus#unreplicatedPartitions()})
 */
public record PoolStatus(String clusterName, long tableVersion, int partitionCount,
    int backupCount, List<MemberStatus> members, List<String> unreachable,
    int partitionsWithoutOwner, int partitionsMissingBackups) {

  /** Returns the sum of the storage members' contributions. */
  public long capacityBytes() {
    long total = 0;
    for (MemberStatus member : members) {
      total += member.contributedBytes();
    }
    return total;
  }

  /** Returns the off-heap bytes used by all members' stores. */
  public long usedBytes() {
    long total = 0;
    for (MemberStatus member : members) {
      total += member.usedBytes();
    }
    return total;
  }

  /** Returns the number of entries in the pool, each counted once. */
  public long entries() {
    long total = 0;
    for (MemberStatus member : members) {
      total += member.ownedEntries();
    }
    return total;
  }

  /** Returns whether a member is moving partitions. */
  public boolean rebalancing() {
    for (MemberStatus member : members) {
      if (member.rebalancing()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether every member answered, every partition has an owner and its configured
   * backups, and no partition is moving.
   */
  public boolean healthy() {
    return unreachable.isEmpty() && partitionsWithoutOwner == 0
        && partitionsMissingBackups == 0 && !rebalancing();
  }

  /** Returns each cache's status summed over the members, keyed by namespace and name. */
  public List<CacheStatus> caches() {
    Map<String, CacheStatus> byCache = new LinkedHashMap<>();
    for (MemberStatus member : members) {
      for (CacheStatus cache : member.caches()) {
        byCache.merge(cache.namespace() + "#" + cache.name(), cache, CacheStatus::plus);
      }
    }
    return new ArrayList<>(byCache.values());
  }
}
