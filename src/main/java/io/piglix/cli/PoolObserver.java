package io.piglix.cli;

import io.piglix.PiglixMember;
import io.piglix.cluster.MemberStatus;
import io.piglix.cluster.PoolStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads the status of a pool through a member of it, leaving that member out of the result so
 * a client member joined only to observe does not show up in the report.
 */
final class PoolObserver {

  private static final long POLL_MILLIS = 250;

  private final PiglixMember member;
  private final String ownAddress;

  PoolObserver(PiglixMember member) {
    if (member.cluster() == null) {
      throw new IllegalArgumentException("member " + member + " is standalone");
    }
    this.member = member;
    this.ownAddress = String.valueOf(member.cluster().localAddress());
  }

  /** Returns the pool's status without the observing member. */
  PoolStatus status() {
    PoolStatus pool = member.cluster().poolStatus();
    List<MemberStatus> others = new ArrayList<>();
    for (MemberStatus status : pool.members()) {
      if (!status.address().equals(ownAddress)) {
        others.add(status);
      }
    }
    return new PoolStatus(pool.clusterName(), pool.tableVersion(), pool.partitionCount(),
        pool.backupCount(), others, pool.unreachable(), pool.partitionsWithoutOwner(),
        pool.partitionsMissingBackups());
  }

  /**
   * Reads the status until it matches {@code settled} or the deadline passes, and returns the
   * last status read.
   *
   * @param deadlineNanos a {@link System#nanoTime()} value
   * @throws InterruptedException when interrupted while waiting between reads
   */
  PoolStatus awaitStatus(Predicate<PoolStatus> settled, long deadlineNanos)
      throws InterruptedException {
    while (true) {
      PoolStatus pool = status();
      long left = deadlineNanos - System.nanoTime();
      if (settled.test(pool) || left <= TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) {
        return pool;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
