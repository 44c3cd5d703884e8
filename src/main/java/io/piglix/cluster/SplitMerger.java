package io.piglix.cluster;

import io.piglix.configuration.MergePolicy;
import io.piglix.engine.Mutation;
import io.piglix.member.CacheId;
import io.piglix.member.CacheRuntime;
import io.piglix.partition.KeyHash;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one pool again out of the sides of a split when JGroups merges their views.
 *
 * <p>While split, each side promoted its backups and gave partitions it had no copy of an
 * empty owner, so after the merge a partition can have one owner per side, each holding the
 * writes made on its side. Before any rebalance round, the merged coordinator runs
 * {@link #merge}:
 * <ol>
 *   <li>exchanges member infos, cache definitions and listener presences between the sides;
 *   <li>asks every storage member what it owns; for each partition owned on several sides,
 *       the owner on the side with the most members wins; between equal sides the
 *       coordinator's side wins, then the side listed first in the merge view;
 *   <li>asks each losing owner to stop serving those partitions and send their records to
 *       the winner ({@link #surrender}); the winner keeps, key by key, the copy the merge
 *       policy chooses and replicates the copies it takes to its backups ({@link #accept});
 *   <li>tells every backup on another side than its partition's surviving owner to drop
 *       its copy, since it missed the writes made on the owner's side; this includes
 *       partitions owned on one side only, whose backups elsewhere are copies a paused member
 *       brought back.
 * </ol>
 * Each member counts on one side only: the newest subgroup view that lists it
 * ({@link ClusterNode#sidesOf}).
 * The rebalance round that follows publishes a table newer than every side's and spreads
 * partitions and backups over all members again.
 *
 * <p>A key only one side holds is kept whatever the policy: without tombstones a key removed
 * on one side cannot be distinguished from a key the other side never had, so a removal made during
 * the split is undone when the other side still holds the entry. Merged entries fire no
 * events and call no writer.
 */
final class SplitMerger {

  private static final Logger LOG = LoggerFactory.getLogger(SplitMerger.class);
  private static final int BATCH_RECORDS = 512;
  private static final long BATCH_BYTES = 1 << 20;

  private final ClusterNode node;

  SplitMerger(ClusterNode node) {
    this.node = node;
  }

  /**
   * Reconciles the partitions of the merged sides; runs on the coordinator's rebalance thread.
   *
   * @param sides the members of each side, as JGroups reported the subgroups
   * @param rebalancer the coordinator's rebalancer, for its state queries and requests
   * @return the highest table version any side had, which the next table must exceed
   * @throws IllegalStateException when a member does not reply, so the caller retries
   */
  long merge(List<List<Address>> sides, Rebalancer rebalancer) {
    long started = System.currentTimeMillis();
    node.greetUnknownMembers();
    long tableVersion = shareCachesAndListeners();
    Map<Address, Integer> sideOf = new HashMap<>();
    for (int i = 0; i < sides.size(); i++) {
      for (Address member : sides.get(i)) {
        sideOf.put(member, i);
      }
    }
    Plan plan = plan(rebalancer.collectStates(null), sides, sideOf);

    String policy = node.mergePolicy().name();
    long compared = 0;
    long[] keptBySide = new long[sides.size()];
    for (Map.Entry<List<Address>, List<Integer>> entry : plan.byLoserAndWinner().entrySet()) {
      Address loser = entry.getKey().get(0);
      Address winner = entry.getKey().get(1);
      Object reply = rebalancer.send(loser, new Messages.MergeRequest(
          toArray(entry.getValue()), winner, policy));
      if (!(reply instanceof Messages.MergeCounts)) {
        throw new IllegalStateException("member " + loser + " failed to merge "
            + entry.getValue().size() + " partitions into " + winner + ": " + reply);
      }
      Messages.MergeCounts counts = (Messages.MergeCounts) reply;
      compared += counts.compared();
      addTo(keptBySide, sideOf, winner, counts.keptLocal());
      addTo(keptBySide, sideOf, loser, counts.takenIncoming());
    }

    for (Map.Entry<Address, List<Integer>> entry : plan.discards().entrySet()) {
      Object reply = rebalancer.send(entry.getKey(), new Messages.Discard(
          toArray(entry.getValue())));
      if (!(reply instanceof Messages.Ack)) {
        throw new IllegalStateException("member " + entry.getKey() + " failed to drop its"
            + " copies of " + entry.getValue().size() + " partitions: " + reply);
      }
    }

    StringBuilder kept = new StringBuilder();
    for (int i = 0; i < sides.size(); i++) {
      kept.append(i == 0 ? "" : ", ").append(keptBySide[i]).append(" from side ")
          .append(sides.get(i));
    }
    LOG.info("{} merged {} sides with policy {} in {} ms: {} partitions reconciled, {} entries"
        + " compared, entries kept {}", node.localName(), sides.size(), policy,
        System.currentTimeMillis() - started, plan.reconciled(), compared, kept);
    return tableVersion;
  }

  /**
   * Finds the partitions owned on several sides, with their winning owner, and the backups
   * on losing sides that must drop their copies.
   */
  private Plan plan(Map<Address, Messages.StateReply> states, List<List<Address>> sides,
      Map<Address, Integer> sideOf) {
    int coordinatorSide = sideOf.getOrDefault(node.localAddress(), -1);
    Map<List<Address>, List<Integer>> byLoserAndWinner = new LinkedHashMap<>();
    Map<Address, List<Integer>> discards = new LinkedHashMap<>();
    int reconciled = 0;
    for (int p = 0; p < node.partitionCount(); p++) {
      List<Address> owners = new ArrayList<>();
      for (Map.Entry<Address, Messages.StateReply> state : states.entrySet()) {
        if (contains(state.getValue().owned(), p)) {
          owners.add(state.getKey());
        }
      }
      if (owners.isEmpty()) {
        continue;
      }
      Address winner = owners.get(0);
      if (owners.size() > 1) {
        reconciled++;
        winner = chooseWinner(owners, sides, sideOf, coordinatorSide);
        for (Address owner : owners) {
          if (!owner.equals(winner)) {
            byLoserAndWinner.computeIfAbsent(List.of(owner, winner), k -> new ArrayList<>())
                .add(p);
          }
        }
      }
      // A backup on another side than the surviving owner missed that side's writes. This
      // is true even when only one side owns the partition, because a member that was paused
      // comes back with the roles it had.
      int winnerSide = sideOf.getOrDefault(winner, -1);
      for (Map.Entry<Address, Messages.StateReply> state : states.entrySet()) {
        if (contains(state.getValue().backups(), p)
            && sideOf.getOrDefault(state.getKey(), -1) != winnerSide) {
          discards.computeIfAbsent(state.getKey(), k -> new ArrayList<>()).add(p);
        }
      }
    }
    return new Plan(byLoserAndWinner, discards, reconciled);
  }

  /**
   * Picks the owner whose side has the most members; between equal sides, the coordinator's
   * side, then the side listed first.
   */
  private static Address chooseWinner(List<Address> owners, List<List<Address>> sides,
      Map<Address, Integer> sideOf, int coordinatorSide) {
    Address best = null;
    for (Address owner : owners) {
      if (best == null || ranksBefore(sideOf.getOrDefault(owner, Integer.MAX_VALUE),
          sideOf.getOrDefault(best, Integer.MAX_VALUE), sides, coordinatorSide)) {
        best = owner;
      }
    }
    return best;
  }

  private static boolean ranksBefore(int side, int other, List<List<Address>> sides,
      int coordinatorSide) {
    int size = side < sides.size() ? sides.get(side).size() : 0;
    int otherSize = other < sides.size() ? sides.get(other).size() : 0;
    if (size != otherSize) {
      return size > otherSize;
    }
    if (side == coordinatorSide || other == coordinatorSide) {
      return side == coordinatorSide && other != coordinatorSide;
    }
    return side < other;
  }

  /**
   * Gives every member the caches and listener presences any side holds, and returns the
   * highest table version of all members.
   */
  private long shareCachesAndListeners() {
    List<Address> others = new ArrayList<>(node.alive());
    others.remove(node.localAddress());
    Map<Address, Object> replies = node.transport().requestAll(others,
        new Messages.PoolStateRequest(), node.operationTimeoutMillis());
    Map<Address, Messages.PoolState> states = new LinkedHashMap<>();
    states.put(node.localAddress(), node.poolStateForMerge());
    for (Map.Entry<Address, Object> reply : replies.entrySet()) {
      if (!(reply.getValue() instanceof Messages.PoolState)) {
        throw new IllegalStateException("member " + reply.getKey()
            + " did not report its caches: " + reply.getValue());
      }
      states.put(reply.getKey(), (Messages.PoolState) reply.getValue());
    }
    long tableVersion = 0;
    Map<CacheId, Messages.CacheCreate> caches = new LinkedHashMap<>();
    List<Messages.ListenerPresence> presences = new ArrayList<>();
    for (Messages.PoolState state : states.values()) {
      if (state.table() != null) {
        tableVersion = Math.max(tableVersion, state.table().version());
      }
      for (Messages.CacheCreate create : state.caches()) {
        caches.putIfAbsent(new CacheId(create.namespace(), create.name()), create);
      }
      presences.addAll(state.listeners());
    }
    List<Messages.CacheCreate> all = new ArrayList<>(caches.values());
    node.adoptCachesAndListeners(new Messages.PoolState(all, presences, null));
    for (Map.Entry<Address, Messages.PoolState> state : states.entrySet()) {
      if (state.getKey().equals(node.localAddress())) {
        continue;
      }
      Set<CacheId> held = new HashSet<>();
      for (Messages.CacheCreate create : state.getValue().caches()) {
        held.add(new CacheId(create.namespace(), create.name()));
      }
      for (Map.Entry<CacheId, Messages.CacheCreate> cache : caches.entrySet()) {
        if (!held.contains(cache.getKey())) {
          Messages.CacheCreate create = cache.getValue();
          request(state.getKey(), new Messages.CacheCreate(create.namespace(), create.name(),
              create.configuration(), true));
        }
      }
      for (Messages.ListenerPresence presence : presences) {
        request(state.getKey(), presence);
      }
    }
    return tableVersion;
  }

  private void request(Address target, Object message) {
    Object reply = node.transport().request(target, message, node.operationTimeoutMillis());
    if (!(reply instanceof Messages.Ack)) {
      throw new IllegalStateException("member " + target + " failed to apply "
          + message.getClass().getSimpleName() + ": " + reply);
    }
  }

  /**
   * Stops serving partitions this member owns on a losing side and sends their records to
   * the winner; runs on the losing owner at the coordinator's request. On failure the member
   * owns the partitions again, so nothing is lost and the coordinator can retry.
   */
  Object surrender(Messages.MergeRequest request) {
    PartitionService partitions = node.partitions();
    long[] versions = new long[request.partitions().length];
    for (int i = 0; i < versions.length; i++) {
      versions[i] = partitions.versions().current(request.partitions()[i]);
    }
    int[] stopped = partitions.stopOwning(request.partitions());
    if (stopped.length == 0) {
      return new Messages.MergeCounts(0, 0, 0);
    }
    try {
      Messages.MergeCounts counts = sendRecords(stopped, request.winner(), request.policy());
      Set<Integer> given = new HashSet<>();
      for (int partition : stopped) {
        given.add(partition);
      }
      node.requestExecutor().execute(() -> partitions.purge(given,
          PartitionService.Role.NONE, false));
      return counts;
    } catch (RuntimeException e) {
      long[] stoppedVersions = new long[stopped.length];
      List<List<Address>> noBackups = new ArrayList<>();
      for (int i = 0; i < stopped.length; i++) {
        int at = indexOf(request.partitions(), stopped[i]);
        stoppedVersions[i] = versions[at];
        noBackups.add(List.of());
      }
      partitions.becomeOwner(stopped, stoppedVersions, noBackups);
      LOG.warn("{} could not send partitions {} to {} for a merge and keeps owning them: {}",
          node.localName(), Arrays.toString(stopped), request.winner(), e.toString());
      return new Messages.Rejected("merge from " + node.localName() + " into "
          + request.winner() + " failed: " + e);
    }
  }

  private Messages.MergeCounts sendRecords(int[] partitionsToSend, Address winner,
      String policy) {
    Set<Integer> wanted = new HashSet<>();
    for (int partition : partitionsToSend) {
      wanted.add(partition);
    }
    long[] totals = new long[3];
    for (CacheRuntime runtime : node.member().caches()) {
      RecordStore store = runtime.store();
      if (store == null || runtime.isClosed()) {
        continue;
      }
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> records = new ArrayList<>();
      long bytes = 0;
      try (RecordStore.Scan scan = store.scan()) {
        while (scan.hasMore()) {
          for (byte[][] entry : scan.nextBatch()) {
            if (!wanted.contains(Record.partition(entry[1]))) {
              continue;
            }
            keys.add(entry[0]);
            records.add(entry[1]);
            bytes += entry[0].length + entry[1].length;
            if (keys.size() >= BATCH_RECORDS || bytes >= BATCH_BYTES) {
              flush(runtime, winner, policy, keys, records, totals);
              bytes = 0;
            }
          }
        }
      }
      flush(runtime, winner, policy, keys, records, totals);
    }
    return new Messages.MergeCounts(totals[0], totals[1], totals[2]);
  }

  private void flush(CacheRuntime runtime, Address winner, String policy, List<byte[]> keys,
      List<byte[]> records, long[] totals) {
    if (keys.isEmpty()) {
      return;
    }
    Object reply = node.transport().request(winner, new Messages.MergeData(
        runtime.id().namespace(), runtime.id().name(), new ArrayList<>(keys),
        new ArrayList<>(records), policy), node.operationTimeoutMillis());
    if (!(reply instanceof Messages.MergeCounts)) {
      throw new IllegalStateException(winner + " failed to merge records of cache '"
          + runtime.id() + "': " + reply);
    }
    Messages.MergeCounts counts = (Messages.MergeCounts) reply;
    totals[0] += counts.compared();
    totals[1] += counts.keptLocal();
    totals[2] += counts.takenIncoming();
    keys.clear();
    records.clear();
  }

  /**
   * Merges records from a losing side into partitions this member owns: per key, keeps its
   * own copy or takes the incoming one as the policy chooses, and replicates what it takes.
   */
  Object accept(Messages.MergeData data) {
    CacheRuntime runtime = node.member().findCache(new CacheId(data.namespace(), data.name()));
    if (runtime == null || runtime.store() == null) {
      return new Messages.Rejected("cache '" + data.name() + "' does not exist on "
          + node.localName());
    }
    MergePolicy policy = MergePolicy.valueOf(data.policy());
    PartitionService partitions = node.partitions();
    RecordStore store = runtime.store();
    ClusterReplicator replicator = new ClusterReplicator(node, runtime);
    long now = System.currentTimeMillis();
    long kept = 0;
    long taken = 0;
    for (int i = 0; i < data.keys().size(); i++) {
      byte[] key = data.keys().get(i);
      byte[] incoming = data.records().get(i);
      int partition = Record.partition(incoming);
      try {
        partitions.lockOwned(partition);
      } catch (WrongOwnerException e) {
        return new Messages.Rejected(node.localName() + " does not own partition "
            + partition);
      }
      try {
        int hash = KeyHash.of(key);
        store.locks().lock(hash);
        try {
          byte[] local = store.get(key);
          if (local != null && Record.isExpiredAt(local, now)) {
            local = null;
          }
          if (Record.isExpiredAt(incoming, now)
              || (local != null && !prefersIncoming(policy, local, incoming))) {
            kept++;
            continue;
          }
          partitions.versions().advanceTo(partition, Record.version(incoming));
          long version = partitions.versions().next(partition);
          byte[] merged = incoming.clone();
          Record.setVersion(merged, version);
          store.put(key, merged);
          replicator.replicate(runtime.id().toString(),
              List.of(new Mutation(partition, key, merged, version)));
          taken++;
        } finally {
          store.locks().unlock(hash);
        }
      } finally {
        partitions.unlockOwned(partition);
      }
    }
    return new Messages.MergeCounts(data.keys().size(), kept, taken);
  }

  /** Returns whether the policy takes the incoming copy over the local one. */
  static boolean prefersIncoming(MergePolicy policy, byte[] local, byte[] incoming) {
    switch (policy) {
      case HIGHER_VERSION:
        return Record.version(incoming) > Record.version(local);
      case LATEST_UPDATE:
        if (Record.updateTime(incoming) != Record.updateTime(local)) {
          return Record.updateTime(incoming) > Record.updateTime(local);
        }
        return Record.version(incoming) > Record.version(local);
      case LARGER_SIDE:
        return false;
      default:
        throw new IllegalArgumentException("unknown merge policy " + policy);
    }
  }

  private static void addTo(long[] bySide, Map<Address, Integer> sideOf, Address member,
      long count) {
    Integer side = sideOf.get(member);
    if (side != null) {
      bySide[side] += count;
    }
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(int[] values, int value) {
    return indexOf(values, value) >= 0;
  }

  /**
   * The work of a merge: partitions per losing and winning owner pair, partitions each
   * losing-side backup drops, and the number of partitions owned on several sides.
   */
  private record Plan(Map<List<Address>, List<Integer>> byLoserAndWinner,
      Map<Address, List<Integer>> discards, int reconciled) {
  }
}
