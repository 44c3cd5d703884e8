package io.piglix.cluster;

import io.piglix.member.CacheRuntime;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves partitions so the pool matches the assignment {@link PartitionAssigner} computes.
 *
 * <p>Runs on the coordinator, one round at a time. A round:
 * <ol>
 *   <li>asks every storage member which partitions it owns or backs up, and with which
 *       versions, and builds the table from those facts; a partition without a live owner
 *       gets its most recent backup promoted, and one without any replica gets an empty owner;
 *   <li>publishes that table, then computes the target assignment;
 *   <li>for each owner, asks it to copy the partitions that gain replicas to the new members
 *       ({@link #copyPartitions}): the owner has the receiver drop what it held, adds it as a
 *       replication target so new changes reach it, streams a snapshot, and marks the copy
 *       done. Versions make the snapshot and the live changes commute;
 *   <li>hands ownership to the new owners ({@link #handOff}) with no operation in flight on
 *       those partitions, and publishes the table with the new replicas.
 * </ol>
 * A failure aborts the round; a view change or a new member starts another. Because each round
 * starts from what members actually hold, a coordinator that dies mid-round leaves nothing for
 * its successor to undo.
 */
final class Rebalancer {

  private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);
  private static final int BATCH_PARTITIONS = 128;
  private static final int SYNC_BATCH_RECORDS = 512;
  private static final long SYNC_BATCH_BYTES = 1 << 20;

  private final ClusterNode node;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean requested = new AtomicBoolean();
  private final Map<Integer, Set<Address>> copyTargets = new ConcurrentHashMap<>();
  private final SplitMerger merger;
  private final java.util.concurrent.atomic.AtomicReference<List<List<Address>>> pendingMerge =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile long tableVersionFloor;
  private volatile boolean stopped;
  private volatile boolean running;

  Rebalancer(ClusterNode node) {
    this.node = node;
    this.merger = new SplitMerger(node);
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "piglix-rebalance");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Returns whether a round is pending or running. */
  boolean isRunning() {
    return requested.get() || running;
  }

  /** The merger that reconciles the sides of a split, also on members that are not coordinator. */
  SplitMerger merger() {
    return merger;
  }

  /**
   * Records that JGroups merged the given sides; the next round reconciles them before it
   * moves anything. Call before the merged view becomes the node's view, so no round runs on
   * the merged view without it.
   */
  void markMerge(List<List<Address>> sides) {
    pendingMerge.set(sides);
  }

  /** Returns whether a merge is waiting for its round. */
  boolean isMergePending() {
    return pendingMerge.get() != null;
  }

  /** Schedules a round unless one is already pending. */
  void requestRound() {
    if (!stopped && requested.compareAndSet(false, true)) {
      executor.execute(this::runRounds);
    }
  }

  void stop() {
    stopped = true;
    executor.shutdownNow();
  }

  /** Returns the members a partition is being copied to by this member, as owner. */
  Set<Address> copyTargets(int partition) {
    Set<Address> targets = copyTargets.get(partition);
    return targets == null ? Set.of() : targets;
  }

  private void runRounds() {
    while (!stopped && requested.getAndSet(false)) {
      if (!node.isCoordinator() || node.isLeaving()) {
        return;
      }
      running = true;
      try {
        List<List<Address>> sides = pendingMerge.get();
        if (sides != null) {
          long sidesVersion = merger.merge(sides, this);
          tableVersionFloor = Math.max(tableVersionFloor, sidesVersion);
          pendingMerge.compareAndSet(sides, null);
        }
        round(null);
      } catch (RuntimeException e) {
        LOG.warn("{} rebalance round failed, retrying: {}", node.localName(), e.toString());
        LOG.debug("{} rebalance failure", node.localName(), e);
        retryLater();
      } finally {
        running = false;
      }
    }
  }

  private void retryLater() {
    if (!stopped) {
      executor.schedule(this::requestRound, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Moves every partition away from a leaving member and returns once done. Runs on the
   * rebalance thread, so it never overlaps a round.
   */
  Object runLeave(Address leaving) {
    Future<?> done = executor.submit(() -> {
      for (int attempt = 0; attempt < 5; attempt++) {
        if (stopped || Thread.currentThread().isInterrupted()) {
          return;
        }
        try {
          round(leaving);
          if (!holds(leaving)) {
            return;
          }
        } catch (RuntimeException e) {
          LOG.warn("{} moving partitions off {} failed, retrying: {}", node.localName(),
              leaving, e.toString());
        }
      }
    });
    try {
      done.get(node.operationTimeoutMillis() * 4, TimeUnit.MILLISECONDS);
      return new Messages.Ack();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Messages.Rejected("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return new Messages.Rejected("moving partitions off " + leaving + " failed: " + e);
    }
  }

  private boolean holds(Address member) {
    PartitionTable table = node.table();
    for (int p = 0; p < table.partitionCount(); p++) {
      if (table.isReplica(p, member)) {
        return true;
      }
    }
    return false;
  }

  /** Runs one round; {@code leaving} is a member that must end up holding nothing. */
  private void round(Address leaving) {
    long started = System.currentTimeMillis();
    Map<Address, Long> weights = node.storageWeights(leaving);
    Map<Address, Messages.StateReply> states = collectStates(leaving);
    int partitions = node.partitionCount();
    List<List<Address>> actual = actualReplicas(states, partitions);
    PartitionTable published = node.table();
    long baseVersion = Math.max(published.version(), tableVersionFloor);
    Set<Integer> promoted = promoteOrphans(actual, states, weights);
    promoted.addAll(ownersReplacedSince(published, actual));
    for (int p : promoted) {
      List<Address> replicas = actual.get(p);
      if (replicas.size() > 1) {
        actual.set(p, new ArrayList<>(replicas.subList(0, 1)));
      }
    }
    if (published.version() == 0 || baseVersion > published.version()
        || !published.assignment().equals(actual)) {
      requireCoordinator();
      node.publishTable(PartitionTable.of(baseVersion + 1, actual));
    }
    if (weights.isEmpty()) {
      return;
    }
    List<List<Address>> candidates = new ArrayList<>(partitions);
    for (List<Address> replicas : actual) {
      List<Address> kept = new ArrayList<>(replicas);
      kept.removeIf(address -> address.equals(leaving) || !weights.containsKey(address));
      candidates.add(kept);
    }
    List<List<Address>> target = PartitionAssigner.assign(candidates, weights,
        node.backupCount());
    int moved = 0;
    long records = 0;
    long bytes = 0;
    for (Map.Entry<Address, List<Integer>> bySource : changedBySource(actual, target)
        .entrySet()) {
      List<Integer> changed = bySource.getValue();
      for (int from = 0; from < changed.size(); from += BATCH_PARTITIONS) {
        List<Integer> batch = changed.subList(from, Math.min(changed.size(),
            from + BATCH_PARTITIONS));
        Messages.Copied copied = migrate(bySource.getKey(), batch, actual, target);
        records += copied.records();
        bytes += copied.bytes();
        moved += batch.size();
        List<List<Address>> next = new ArrayList<>(node.table().assignment());
        for (int p : batch) {
          next.set(p, target.get(p));
          actual.set(p, target.get(p));
        }
        requireCoordinator();
        node.publishTable(PartitionTable.of(node.table().version() + 1, next));
      }
    }
    if (moved > 0) {
      LOG.info("{} rebalance completed: {} partitions moved, {} records ({} bytes) copied,"
          + " in {} ms; owners {}", node.localName(), moved, records, bytes,
          System.currentTimeMillis() - started, node.ownershipCounts());
    }
  }

  /**
   * Stops a round of a member that is no longer the coordinator, such as the coordinator of
   * one side after its side merged with another, before it publishes a table.
   */
  private void requireCoordinator() {
    if (!node.isCoordinator()) {
      throw new IllegalStateException(node.localName() + " is no longer the coordinator");
    }
  }

  /** Asks every storage member, and a leaving one, what it owns and backs up. */
  Map<Address, Messages.StateReply> collectStates(Address leaving) {
    List<Address> holders = new ArrayList<>(node.storageWeights(null).keySet());
    if (leaving != null && !holders.contains(leaving) && node.alive().contains(leaving)) {
      holders.add(leaving);
    }
    Map<Address, Messages.StateReply> states = new LinkedHashMap<>();
    List<Address> remote = new ArrayList<>();
    for (Address holder : holders) {
      if (holder.equals(node.localAddress())) {
        states.put(holder, (Messages.StateReply) node.handle(holder,
            new Messages.StateQuery()));
      } else {
        remote.add(holder);
      }
    }
    Map<Address, Object> replies = node.transport().requestAll(remote,
        new Messages.StateQuery(), node.operationTimeoutMillis());
    for (Map.Entry<Address, Object> reply : replies.entrySet()) {
      if (!(reply.getValue() instanceof Messages.StateReply)) {
        throw new IllegalStateException("member " + reply.getKey()
            + " did not report its partitions: " + reply.getValue());
      }
      states.put(reply.getKey(), (Messages.StateReply) reply.getValue());
    }
    return states;
  }

  /** Builds each partition's replicas from what members report: owner first, then backups. */
  private static List<List<Address>> actualReplicas(Map<Address, Messages.StateReply> states,
      int partitions) {
    List<List<Address>> actual = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      actual.add(new ArrayList<>());
    }
    Map<Integer, Address> owners = new HashMap<>();
    for (Map.Entry<Address, Messages.StateReply> entry : states.entrySet()) {
      Messages.StateReply state = entry.getValue();
      for (int p : state.owned()) {
        Address previous = owners.get(p);
        if (previous == null
            || state.versions()[p] > states.get(previous).versions()[p]) {
          owners.put(p, entry.getKey());
        }
      }
    }
    for (Map.Entry<Integer, Address> owner : owners.entrySet()) {
      actual.get(owner.getKey()).add(owner.getValue());
    }
    for (Map.Entry<Address, Messages.StateReply> entry : states.entrySet()) {
      for (int p : entry.getValue().backups()) {
        if (!actual.get(p).contains(entry.getKey())) {
          actual.get(p).add(entry.getKey());
        }
      }
    }
    return actual;
  }

  /**
   * Returns the partitions whose owner in the published table is gone and was replaced by a
   * backup that promoted itself. Their other backups may lack a change the dead owner sent to
   * some backups only, so they are copied again from the new owner.
   */
  private Set<Integer> ownersReplacedSince(PartitionTable published,
      List<List<Address>> actual) {
    Set<Integer> replaced = new HashSet<>();
    for (int p = 0; p < actual.size(); p++) {
      List<Address> before = published.replicas(p);
      List<Address> now = actual.get(p);
      if (before.isEmpty() || now.isEmpty()) {
        continue;
      }
      Address previousOwner = before.get(0);
      if (!previousOwner.equals(now.get(0)) && !node.alive().contains(previousOwner)) {
        replaced.add(p);
      }
    }
    return replaced;
  }

  /**
   * Gives every partition without an owner one: its backup with the newest version, or, with
   * no replica left, an empty owner chosen by the assignment. Returns the partitions whose
   * owner this round promoted from a backup.
   */
  private Set<Integer> promoteOrphans(List<List<Address>> actual,
      Map<Address, Messages.StateReply> states, Map<Address, Long> weights) {
    Set<Integer> promoted = new HashSet<>();
    Map<Address, List<Integer>> promotions = new HashMap<>();
    Map<Address, List<Long>> promotionVersions = new HashMap<>();
    Map<Address, List<List<Address>>> promotionBackups = new HashMap<>();
    List<Integer> empty = new ArrayList<>();
    for (int p = 0; p < actual.size(); p++) {
      List<Address> replicas = actual.get(p);
      boolean owned = false;
      for (Map.Entry<Address, Messages.StateReply> entry : states.entrySet()) {
        if (contains(entry.getValue().owned(), p) && replicas.contains(entry.getKey())
            && replicas.get(0).equals(entry.getKey())) {
          owned = true;
        }
      }
      if (owned) {
        continue;
      }
      if (replicas.isEmpty()) {
        empty.add(p);
        continue;
      }
      Address best = replicas.get(0);
      for (Address candidate : replicas) {
        if (states.get(candidate).versions()[p] > states.get(best).versions()[p]) {
          best = candidate;
        }
      }
      List<Address> backups = new ArrayList<>(replicas);
      backups.remove(best);
      promoted.add(p);
      promotions.computeIfAbsent(best, k -> new ArrayList<>()).add(p);
      promotionVersions.computeIfAbsent(best, k -> new ArrayList<>())
          .add(states.get(best).versions()[p]);
      promotionBackups.computeIfAbsent(best, k -> new ArrayList<>()).add(backups);
      List<Address> reordered = new ArrayList<>();
      reordered.add(best);
      reordered.addAll(backups);
      actual.set(p, reordered);
    }
    if (!empty.isEmpty() && !weights.isEmpty()) {
      List<List<Address>> none = new ArrayList<>();
      for (int i = 0; i < actual.size(); i++) {
        none.add(List.of());
      }
      List<List<Address>> fresh = PartitionAssigner.assign(none, weights, 0);
      for (int p : empty) {
        Address owner = fresh.get(p).get(0);
        promotions.computeIfAbsent(owner, k -> new ArrayList<>()).add(p);
        long version = 0;
        for (Messages.StateReply state : states.values()) {
          version = Math.max(version, state.versions()[p]);
        }
        promotionVersions.computeIfAbsent(owner, k -> new ArrayList<>()).add(version);
        promotionBackups.computeIfAbsent(owner, k -> new ArrayList<>()).add(List.of());
        actual.set(p, new ArrayList<>(List.of(owner)));
      }
    }
    for (Map.Entry<Address, List<Integer>> entry : promotions.entrySet()) {
      Address owner = entry.getKey();
      int[] partitionArray = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
      long[] versionArray = promotionVersions.get(owner).stream().mapToLong(Long::longValue)
          .toArray();
      Messages.BecomeOwner become = new Messages.BecomeOwner(partitionArray, versionArray,
          promotionBackups.get(owner));
      Object reply = send(owner, become);
      if (!(reply instanceof Messages.Ack)) {
        throw new IllegalStateException("member " + owner + " could not take ownership of "
            + partitionArray.length + " partitions: " + reply);
      }
      LOG.info("{} gave {} ownerless partitions to {}", node.localName(),
          partitionArray.length, owner);
    }
    return promoted;
  }

  private static Map<Address, List<Integer>> changedBySource(List<List<Address>> actual,
      List<List<Address>> target) {
    Map<Address, List<Integer>> bySource = new LinkedHashMap<>();
    for (int p = 0; p < actual.size(); p++) {
      if (actual.get(p).isEmpty() || actual.get(p).equals(target.get(p))) {
        continue;
      }
      bySource.computeIfAbsent(actual.get(p).get(0), k -> new ArrayList<>()).add(p);
    }
    return bySource;
  }

  /** Copies a batch to its new replicas, then hands off the partitions whose owner changes. */
  private Messages.Copied migrate(Address source, List<Integer> batch,
      List<List<Address>> actual, List<List<Address>> target) {
    List<Integer> toCopy = new ArrayList<>();
    List<List<Address>> copyTo = new ArrayList<>();
    for (int p : batch) {
      List<Address> newcomers = new ArrayList<>(target.get(p));
      newcomers.removeAll(actual.get(p));
      if (!newcomers.isEmpty()) {
        toCopy.add(p);
        copyTo.add(newcomers);
      }
    }
    Messages.Copied copied = new Messages.Copied(0, 0);
    if (!toCopy.isEmpty()) {
      Object reply = send(source, new Messages.MigrateRequest(
          toCopy.stream().mapToInt(Integer::intValue).toArray(), copyTo));
      if (!(reply instanceof Messages.Copied)) {
        throw new IllegalStateException("copying " + toCopy.size() + " partitions from "
            + source + " failed: " + reply);
      }
      copied = (Messages.Copied) reply;
    }
    Map<Address, List<Integer>> byNewOwner = new LinkedHashMap<>();
    for (int p : batch) {
      Address newOwner = target.get(p).get(0);
      if (!newOwner.equals(source)) {
        byNewOwner.computeIfAbsent(newOwner, k -> new ArrayList<>()).add(p);
      }
    }
    for (Map.Entry<Address, List<Integer>> entry : byNewOwner.entrySet()) {
      List<List<Address>> backups = new ArrayList<>();
      for (int p : entry.getValue()) {
        backups.add(new ArrayList<>(target.get(p).subList(1, target.get(p).size())));
      }
      Object reply = send(source, new Messages.Handoff(
          entry.getValue().stream().mapToInt(Integer::intValue).toArray(), entry.getKey(),
          backups));
      if (!(reply instanceof Messages.Ack)) {
        throw new IllegalStateException("handing " + entry.getValue().size()
            + " partitions from " + source + " to " + entry.getKey() + " failed: " + reply);
      }
    }
    return copied;
  }

  /** Sends a request to a member, or handles it here; returns a failure as the reply. */
  Object send(Address target, Object message) {
    if (target.equals(node.localAddress())) {
      return node.handle(target, message);
    }
    try {
      return node.transport().request(target, message, node.operationTimeoutMillis() * 4);
    } catch (TransportException e) {
      return e;
    }
  }

  /**
   * Copies partitions this member owns to new replicas while serving them; runs on the owner
   * when the coordinator asks.
   */
  Object copyPartitions(Messages.MigrateRequest request) {
    PartitionService partitions = node.partitions();
    int[] requested = request.partitions();
    Map<Address, List<Integer>> byTarget = new LinkedHashMap<>();
    for (int i = 0; i < requested.length; i++) {
      int p = requested[i];
      if (partitions.role(p) != PartitionService.Role.OWNER) {
        return new Messages.Rejected(node.localName() + " does not own partition " + p);
      }
      for (Address target : request.targets().get(i)) {
        byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(p);
      }
    }
    try {
      for (int i = 0; i < requested.length; i++) {
        partitions.removeTargets(requested[i], request.targets().get(i));
      }
      for (Map.Entry<Address, List<Integer>> entry : byTarget.entrySet()) {
        Object reply = node.transport().request(entry.getKey(), new Messages.SyncBegin(
            toArray(entry.getValue())), node.operationTimeoutMillis());
        if (!(reply instanceof Messages.Ack)) {
          return new Messages.Rejected(entry.getKey() + " refused to receive partitions: "
              + reply);
        }
      }
      for (int i = 0; i < requested.length; i++) {
        int p = requested[i];
        copyTargets.computeIfAbsent(p, k -> ConcurrentHashMap.newKeySet())
            .addAll(request.targets().get(i));
        partitions.addTargets(p, request.targets().get(i));
      }
      long[] counts = streamSnapshot(requested, request.targets());
      for (Map.Entry<Address, List<Integer>> entry : byTarget.entrySet()) {
        int[] ps = toArray(entry.getValue());
        long[] partitionVersions = new long[ps.length];
        for (int i = 0; i < ps.length; i++) {
          partitionVersions[i] = partitions.versions().current(ps[i]);
        }
        Object reply = node.transport().request(entry.getKey(), new Messages.SyncEnd(ps,
            partitionVersions), node.operationTimeoutMillis());
        if (!(reply instanceof Messages.Ack)) {
          return new Messages.Rejected(entry.getKey() + " failed to finish a copy: " + reply);
        }
      }
      return new Messages.Copied(counts[0], counts[1]);
    } catch (RuntimeException e) {
      for (int i = 0; i < requested.length; i++) {
        for (Address target : request.targets().get(i)) {
          partitions.dropTarget(requested[i], target);
        }
      }
      return new Messages.Rejected("copy from " + node.localName() + " failed: " + e);
    } finally {
      for (int p : requested) {
        copyTargets.remove(p);
      }
    }
  }

  /** Sends every record of the partitions to their new replicas, one cache at a time. */
  private long[] streamSnapshot(int[] requested, List<List<Address>> targets) {
    Map<Integer, List<Address>> targetsByPartition = new HashMap<>();
    for (int i = 0; i < requested.length; i++) {
      targetsByPartition.put(requested[i], targets.get(i));
    }
    long records = 0;
    long bytes = 0;
    for (CacheRuntime runtime : node.member().caches()) {
      RecordStore store = runtime.store();
      if (store == null || runtime.isClosed()) {
        continue;
      }
      Map<Address, SyncBuffer> buffers = new HashMap<>();
      try (RecordStore.Scan scan = store.scan()) {
        while (scan.hasMore()) {
          for (byte[][] entry : scan.nextBatch()) {
            List<Address> receivers = targetsByPartition.get(Record.partition(entry[1]));
            if (receivers == null) {
              continue;
            }
            records++;
            bytes += entry[0].length + entry[1].length;
            for (Address receiver : receivers) {
              SyncBuffer buffer = buffers.computeIfAbsent(receiver, k -> new SyncBuffer());
              buffer.add(entry[0], entry[1]);
              if (buffer.isFull()) {
                flush(runtime, receiver, buffer);
              }
            }
          }
        }
      }
      for (Map.Entry<Address, SyncBuffer> entry : buffers.entrySet()) {
        flush(runtime, entry.getKey(), entry.getValue());
      }
    }
    return new long[] {records, bytes};
  }

  private void flush(CacheRuntime runtime, Address receiver, SyncBuffer buffer) {
    if (buffer.keys.isEmpty()) {
      return;
    }
    Object reply = node.transport().request(receiver, new Messages.SyncData(
        runtime.id().namespace(), runtime.id().name(), new ArrayList<>(buffer.keys),
        new ArrayList<>(buffer.records)), node.operationTimeoutMillis());
    if (!(reply instanceof Messages.Ack)) {
      throw new IllegalStateException(receiver + " failed to store copied records of cache '"
          + runtime.id() + "': " + reply);
    }
    buffer.clear();
  }

  /**
   * Gives ownership of partitions to another member; runs on the current owner when the
   * coordinator asks.
   */
  Object handOff(Messages.Handoff handoff) {
    PartitionService partitions = node.partitions();
    for (int p : handoff.partitions()) {
      if (partitions.role(p) != PartitionService.Role.OWNER) {
        return new Messages.Rejected(node.localName() + " does not own partition " + p);
      }
    }
    Map<Integer, List<Address>> previousTargets = new HashMap<>();
    for (int p : handoff.partitions()) {
      previousTargets.put(p, new ArrayList<>(partitions.replicationTargets(p)));
    }
    long[] versions = partitions.relinquish(handoff.partitions(), handoff.newOwner(),
        handoff.backups(), node.localAddress());
    Messages.BecomeOwner become = new Messages.BecomeOwner(handoff.partitions(), versions,
        handoff.backups());
    Object reply = send(handoff.newOwner(), become);
    if (reply instanceof Messages.Ack) {
      Set<Integer> given = new java.util.HashSet<>();
      for (int i = 0; i < handoff.partitions().length; i++) {
        if (!handoff.backups().get(i).contains(node.localAddress())) {
          given.add(handoff.partitions()[i]);
        }
      }
      if (!given.isEmpty()) {
        node.requestExecutor().execute(() -> partitions.purge(given,
            PartitionService.Role.NONE, false));
      }
      return reply;
    }
    List<List<Address>> restore = new ArrayList<>();
    for (int p : handoff.partitions()) {
      restore.add(previousTargets.get(p));
    }
    partitions.becomeOwner(handoff.partitions(), versions, restore);
    return new Messages.Rejected(handoff.newOwner() + " did not take ownership of "
        + Arrays.toString(handoff.partitions()) + ": " + reply);
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean contains(int[] values, int value) {
    for (int candidate : values) {
      if (candidate == value) {
        return true;
      }
    }
    return false;
  }

  /** Records copied to one receiver, sent in bounded batches. */
  private static final class SyncBuffer {
    final List<byte[]> keys = new ArrayList<>();
    final List<byte[]> records = new ArrayList<>();
    long bytes;

    void add(byte[] key, byte[] record) {
      keys.add(key);
      records.add(record);
      bytes += key.length + record.length;
    }

    boolean isFull() {
      return keys.size() >= SYNC_BATCH_RECORDS || bytes >= SYNC_BATCH_BYTES;
    }

    void clear() {
      keys.clear();
      records.clear();
      bytes = 0;
    }
  }
}
