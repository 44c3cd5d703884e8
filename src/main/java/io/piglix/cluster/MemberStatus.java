package io.piglix.cluster;

import java.util.List;

/**
 * What one member reports about itself.
 *
 * @param address the member's JGroups address
 * @param name the member's name in this JVM
 * @param role {@code storage} or {@code client}
 * @param coordinator whether the member coordinates the pool
 * @param contributedBytes off-heap bytes the member contributes
 * @param usedBytes off-heap bytes the member's stores use
 * @param ownedPartitions partitions the member owns
 * @param backupPartitions partitions the member holds a backup copy of
 * @param unreplicatedPartitions owned partitions whose changes no longer reach every live
 *     backup the partition table lists, as after a backup failed to apply a change. They
 *     count as missing backups until the coordinator copies them again.
 * @param rebalancing whether the member, as coordinator, is moving partitions
 * @param caches the member's view of each cache
 */
public record MemberStatus(String address, String name, String role, boolean coordinator,
    long contributedBytes, long usedBytes, int ownedPartitions, int backupPartitions,
    int unreplicatedPartitions, boolean rebalancing, List<CacheStatus> caches) {

  /** Returns the entries in partitions the member owns, over all caches. */
  public long ownedEntries() {
    long total = 0;
    for (CacheStatus cache : caches) {
      total += cache.ownedEntries();
    }
    return total;
  }

  /** Returns the entries the member stores, owned and backup copies, over all caches. */
  public long storedEntries() {
    long total = 0;
    for (CacheStatus cache : caches) {
      total += cache.storedEntries();
    }
    return total;
  }
}
