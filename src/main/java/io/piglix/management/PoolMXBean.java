package io.piglix.management;

/**
 * The pool as one clustered member sees it, registered as
 * {@code io.piglix:type=Pool,name=<cluster name>,member=<member name>} while the member runs.
 * Pool-wide attributes request every member's status, so a read can take up to the cluster's
 * operation timeout when a member does not respond. One collected status serves every read for a
 * second.
 */
public interface PoolMXBean {

  /** The cluster name. */
  String getClusterName();

  /** This member's JGroups address. */
  String getMemberAddress();

  /** This member's role: {@code storage} or {@code client}. */
  String getRole();

  /** The number of members that responded, this one included. */
  int getMembers();

  /** The number of members in the view that did not respond in time. */
  int getUnreachableMembers();

  /** The sum of the storage members' contributions, in bytes. */
  long getCapacityBytes();

  /** The off-heap bytes the members' stores use, in bytes. */
  long getUsedBytes();

  /** The number of entries in the pool, each counted once. */
  long getEntries();

  /** The number of partitions this member owns. */
  int getOwnedPartitions();

  /** The number of partitions this member holds a backup copy of. */
  int getBackupPartitions();

  /** The number of partitions without a live owner. */
  int getPartitionsWithoutOwner();

  /** The number of partitions with fewer live backups than configured. */
  int getPartitionsMissingBackups();

  /** Whether the coordinator is moving partitions. */
  boolean isRebalancing();

  /**
   * Whether every member responded, every partition has an owner and its backups, and no
   * partition is moving.
   */
  boolean isHealthy();
}
