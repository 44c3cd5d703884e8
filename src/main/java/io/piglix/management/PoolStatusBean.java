package io.piglix.management;

import io.piglix.PiglixMember;
import io.piglix.cluster.ClusterNode;
import io.piglix.cluster.MemberStatus;
import io.piglix.cluster.PoolStatus;
import javax.management.ObjectName;

/** The {@link PoolMXBean} of one clustered member. */
public final class PoolStatusBean implements PoolMXBean {

  private static final long CACHE_NANOS = 1_000_000_000L;

  private final PiglixMember member;
  private final ClusterNode node;
  private PoolStatus cached;
  private long cachedAt;

  /**
   * Creates the bean of a clustered member.
   *
   * @throws IllegalArgumentException when the member is standalone
   */
  public PoolStatusBean(PiglixMember member) {
    if (member.cluster() == null) {
      throw new IllegalArgumentException("member " + member + " is standalone and has no pool");
    }
    this.member = member;
    this.node = member.cluster();
  }

  /** Registers the bean of a clustered member and returns its object name. */
  public static ObjectName register(PiglixMember member) {
    ObjectName name = MBeans.poolObjectName(member.config().cluster().name(),
        String.valueOf(member.cluster().localAddress()));
    MBeans.register(new PoolStatusBean(member), name);
    return name;
  }

  @Override
  public String getClusterName() {
    return member.config().cluster().name();
  }

  @Override
  public String getMemberAddress() {
    return String.valueOf(node.localAddress());
  }

  @Override
  public String getRole() {
    return localStatus().role();
  }

  @Override
  public int getMembers() {
    return pool().members().size();
  }

  @Override
  public int getUnreachableMembers() {
    return pool().unreachable().size();
  }

  @Override
  public long getCapacityBytes() {
    return pool().capacityBytes();
  }

  @Override
  public long getUsedBytes() {
    return pool().usedBytes();
  }

  @Override
  public long getEntries() {
    return pool().entries();
  }

  @Override
  public int getOwnedPartitions() {
    return localStatus().ownedPartitions();
  }

  @Override
  public int getBackupPartitions() {
    return localStatus().backupPartitions();
  }

  @Override
  public int getPartitionsWithoutOwner() {
    return pool().partitionsWithoutOwner();
  }

  @Override
  public int getPartitionsMissingBackups() {
    return pool().partitionsMissingBackups();
  }

  @Override
  public boolean isRebalancing() {
    return pool().rebalancing();
  }

  @Override
  public boolean isHealthy() {
    return pool().healthy();
  }

  private MemberStatus localStatus() {
    return node.localStatus();
  }

  /** Returns the pool status, collected again when the last one is more than a second old. */
  private synchronized PoolStatus pool() {
    long now = System.nanoTime();
    if (cached == null || now - cachedAt > CACHE_NANOS) {
      cached = node.poolStatus();
      cachedAt = System.nanoTime();
    }
    return cached;
  }
}
