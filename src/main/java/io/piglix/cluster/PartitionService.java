package io.piglix.cluster;

import io.piglix.engine.Mutation;
import io.piglix.engine.PartitionVersions;
import io.piglix.member.CacheRuntime;
import io.piglix.partition.KeyHash;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this member holds of each partition, and the rules for changing it.
 *
 * <p>Roles: {@code OWNER} serves operations and replicates every change to its replication
 * targets before the operation completes; {@code BACKUP} holds an in-sync copy; {@code
 * SYNCING} is receiving a copy; {@code NONE} holds nothing. Roles change only through
 * messages: becoming owner, a copy finishing, a handoff, a crash promotion, or a table that no
 * longer lists this member.
 *
 * <p>Ordering: an operation holds its partition's read lock from the ownership check to its
 * last replicated change; adding a replication target and giving away ownership take the
 * write lock, so no change is in flight when the set of replicas changes. Replicated changes
 * and copied records carry the partition version at which they were made; a replica applies a
 * change only when it is newer than what it holds. While a partition is being copied, removed
 * keys leave a version marker, so a copied record older than a removal is not revived.
 */
final class PartitionService {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionService.class);

  /** The role of this member for one partition. */
  enum Role { NONE, OWNER, BACKUP, SYNCING }

  private final Supplier<String> localName;
  private final int partitionCount;
  private final PartitionVersions versions;
  private final Supplier<Collection<CacheRuntime>> caches;
  private final AtomicReferenceArray<Role> roles;
  private final ReentrantReadWriteLock[] locks;
  private final List<CopyOnWriteArrayList<Address>> targets;
  private final Map<Integer, Map<TombstoneKey, Long>> tombstones = new ConcurrentHashMap<>();

  PartitionService(Supplier<String> localName, int partitionCount, PartitionVersions versions,
      Supplier<Collection<CacheRuntime>> caches) {
    this.localName = localName;
    this.partitionCount = partitionCount;
    this.versions = versions;
    this.caches = caches;
    this.roles = new AtomicReferenceArray<>(partitionCount);
    this.locks = new ReentrantReadWriteLock[partitionCount];
    this.targets = new ArrayList<>(partitionCount);
    for (int p = 0; p < partitionCount; p++) {
      roles.set(p, Role.NONE);
      locks[p] = new ReentrantReadWriteLock();
      targets.add(new CopyOnWriteArrayList<>());
    }
  }

  int partitionCount() {
    return partitionCount;
  }

  Role role(int partition) {
    return roles.get(partition);
  }

  PartitionVersions versions() {
    return versions;
  }

  /**
   * Takes the read lock of a partition this member owns.
   *
   * @throws WrongOwnerException when this member does not own it
   */
  void lockOwned(int partition) {
    ReentrantReadWriteLock.ReadLock lock = locks[partition].readLock();
    lock.lock();
    if (roles.get(partition) != Role.OWNER) {
      lock.unlock();
      throw new WrongOwnerException(partition);
    }
  }

  /** Releases the read lock taken by {@link #lockOwned}. */
  void unlockOwned(int partition) {
    locks[partition].readLock().unlock();
  }

  /**
   * Takes the read locks of several owned partitions in ascending order and returns them
   * sorted; releases everything and throws when one is not owned.
   */
  int[] lockAllOwned(int[] partitions) {
    int[] sorted = Arrays.stream(partitions).sorted().distinct().toArray();
    int locked = 0;
    try {
      for (int partition : sorted) {
        lockOwned(partition);
        locked++;
      }
    } catch (RuntimeException e) {
      for (int i = locked - 1; i >= 0; i--) {
        unlockOwned(sorted[i]);
      }
      throw e;
    }
    return sorted;
  }

  /** Releases locks taken by {@link #lockAllOwned}. */
  void unlockAllOwned(int[] sorted) {
    for (int i = sorted.length - 1; i >= 0; i--) {
      unlockOwned(sorted[i]);
    }
  }

  /** Returns the members an owned partition's changes go to. */
  List<Address> replicationTargets(int partition) {
    return targets.get(partition);
  }

  /** Removes a member from every replication target list, when it failed or left. */
  void dropTarget(Address member) {
    for (CopyOnWriteArrayList<Address> list : targets) {
      list.remove(member);
    }
  }

  /** Removes a member from one partition's replication targets. */
  void dropTarget(int partition, Address member) {
    targets.get(partition).remove(member);
    LOG.debug("{} partition {}: dropped target {} at version {}", localName.get(), partition,
        member, versions.current(partition));
  }

  /** Makes this member the owner of partitions, continuing from the given versions. */
  void becomeOwner(int[] partitions, long[] partitionVersions, List<List<Address>> backups) {
    for (int i = 0; i < partitions.length; i++) {
      int partition = partitions[i];
      ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
      lock.lock();
      try {
        versions.advanceTo(partition, partitionVersions[i]);
        CopyOnWriteArrayList<Address> list = targets.get(partition);
        list.clear();
        list.addAll(backups.get(i));
        Role before = roles.getAndSet(partition, Role.OWNER);
        tombstones.remove(partition);
        LOG.debug("{} partition {}: {} -> OWNER at version {} (given {}), targets {}",
            localName.get(), partition, before, versions.current(partition), partitionVersions[i],
            list);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Promotes this member to owner of a partition whose owner left, keeping its data. */
  void promote(int partition, List<Address> backups) {
    becomeOwner(new int[] {partition}, new long[] {versions.current(partition)},
        List.of(backups));
  }

  /**
   * Gives away ownership: with no operation in flight, this member stops serving the
   * partitions and returns their versions for the new owner to continue from.
   */
  long[] relinquish(int[] partitions, Address newOwner, List<List<Address>> newBackups,
      Address self) {
    long[] result = new long[partitions.length];
    for (int i = 0; i < partitions.length; i++) {
      int partition = partitions[i];
      ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
      lock.lock();
      try {
        result[i] = versions.current(partition);
        boolean staysBackup = newBackups.get(i).contains(self);
        roles.set(partition, staysBackup ? Role.BACKUP : Role.NONE);
        targets.get(partition).clear();
        LOG.debug("{} partition {}: OWNER -> {} at version {}, handed to {}", localName.get(),
            partition, staysBackup ? Role.BACKUP : Role.NONE, result[i], newOwner);
      } finally {
        lock.unlock();
      }
    }
    return result;
  }

  /**
   * Stops serving owned partitions while keeping their records, with no operation in flight,
   * so their records can be sent elsewhere. Returns the partitions this member owned, in the
   * given order; the others are left alone.
   */
  int[] stopOwning(int[] partitions) {
    List<Integer> stopped = new ArrayList<>();
    for (int partition : partitions) {
      ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
      lock.lock();
      try {
        if (roles.get(partition) == Role.OWNER) {
          roles.set(partition, Role.NONE);
          targets.get(partition).clear();
          stopped.add(partition);
          LOG.debug("{} partition {}: OWNER -> NONE (stopped owning)", localName.get(), partition);
        }
      } finally {
        lock.unlock();
      }
    }
    return stopped.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Drops this member's backup or incoming copies of partitions; owned partitions are kept,
   * because their records would be lost.
   */
  void discard(int[] partitions) {
    Set<Integer> dropped = new java.util.HashSet<>();
    for (int partition : partitions) {
      ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
      lock.lock();
      try {
        Role role = roles.get(partition);
        if (role == Role.BACKUP || role == Role.SYNCING) {
          roles.set(partition, Role.NONE);
          targets.get(partition).clear();
          tombstones.remove(partition);
          dropped.add(partition);
          LOG.debug("{} partition {}: {} -> NONE (discarded)", localName.get(), partition, role);
        }
      } finally {
        lock.unlock();
      }
    }
    if (!dropped.isEmpty()) {
      purge(dropped, Role.NONE, false);
    }
  }

  /** Adds replication targets to owned partitions, with no operation in flight. */
  void addTargets(int partition, Collection<Address> members) {
    ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
    lock.lock();
    try {
      CopyOnWriteArrayList<Address> list = targets.get(partition);
      for (Address member : members) {
        list.addIfAbsent(member);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes replication targets of an owned partition once no operation is in flight, so the
   * members can drop their copy and receive a new one.
   */
  void removeTargets(int partition, Collection<Address> members) {
    ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
    lock.lock();
    try {
      targets.get(partition).removeAll(members);
    } finally {
      lock.unlock();
    }
  }

  /** Sets an owned partition's targets to the table's backups plus targets being copied to. */
  void retainTargets(int partition, Collection<Address> backups,
      Collection<Address> inProgress) {
    Set<Address> wanted = new LinkedHashSet<>(backups);
    wanted.addAll(inProgress);
    CopyOnWriteArrayList<Address> list = targets.get(partition);
    list.retainAll(wanted);
    for (Address member : wanted) {
      list.addIfAbsent(member);
    }
  }

  /** Starts receiving a copy of partitions: drops what this member holds of them. */
  void beginSync(int[] partitions) {
    Set<Integer> set = new java.util.HashSet<>();
    for (int partition : partitions) {
      ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
      lock.lock();
      try {
        Role before = roles.getAndSet(partition, Role.SYNCING);
        LOG.debug("{} partition {}: {} -> SYNCING", localName.get(), partition, before);
        targets.get(partition).clear();
        tombstones.put(partition, new ConcurrentHashMap<>());
      } finally {
        lock.unlock();
      }
      set.add(partition);
    }
    purge(set, Role.SYNCING, true);
  }

  /** Finishes receiving a copy: the partitions become in-sync backups. */
  void endSync(int[] partitions, long[] partitionVersions) {
    for (int i = 0; i < partitions.length; i++) {
      int partition = partitions[i];
      versions.advanceTo(partition, partitionVersions[i]);
      if (roles.compareAndSet(partition, Role.SYNCING, Role.BACKUP)) {
        tombstones.remove(partition);
        LOG.debug("{} partition {}: SYNCING -> BACKUP at version {}", localName.get(), partition,
            versions.current(partition));
      } else {
        LOG.debug("{} partition {}: copy ended while {}", localName.get(), partition,
            roles.get(partition));
      }
    }
  }

  /**
   * Applies a change replicated by an owner or copied in a sync, if it is newer than what
   * this member holds of the key.
   *
   * @return false when this member holds no copy of the partition
   */
  boolean apply(CacheRuntime runtime, Mutation mutation) {
    int partition = mutation.partition();
    Role role = roles.get(partition);
    if (role != Role.BACKUP && role != Role.SYNCING) {
      return false;
    }
    RecordStore store = runtime.store();
    byte[] key = mutation.key();
    int hash = KeyHash.of(key);
    store.locks().lock(hash);
    try {
      byte[] existing = store.get(key);
      long held = existing == null ? 0 : Record.version(existing);
      Map<TombstoneKey, Long> removed = tombstones.get(partition);
      TombstoneKey tombstoneKey = removed == null ? null
          : new TombstoneKey(runtime.id().toString(), ByteBuffer.wrap(key));
      if (existing == null && removed != null) {
        held = removed.getOrDefault(tombstoneKey, 0L);
      }
      if (mutation.version() <= held) {
        return true;
      }
      if (mutation.record() == null) {
        if (existing != null) {
          store.remove(key);
        }
        if (removed != null) {
          removed.put(tombstoneKey, mutation.version());
        }
      } else {
        store.put(key, mutation.record());
      }
    } finally {
      store.locks().unlock(hash);
    }
    versions.advanceTo(partition, mutation.version());
    return true;
  }

  /**
   * Drops partitions the newest table no longer lists this member for. Each partition is
   * checked again, under its write lock, against the table {@code stillReleased} consults at
   * that moment: the table that suggested the release may be older than a copy or handoff
   * that made this member a replica since.
   */
  void release(Set<Integer> partitions, java.util.function.IntPredicate stillReleased) {
    Set<Integer> dropped = new java.util.HashSet<>();
    for (int partition : partitions) {
      ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
      lock.lock();
      try {
        Role role = roles.get(partition);
        if ((role == Role.BACKUP || role == Role.OWNER) && stillReleased.test(partition)) {
          roles.set(partition, Role.NONE);
          targets.get(partition).clear();
          dropped.add(partition);
          LOG.debug("{} partition {}: {} -> NONE (released by table)", localName.get(), partition,
              role);
        }
      } finally {
        lock.unlock();
      }
    }
    if (!dropped.isEmpty()) {
      purge(dropped, Role.NONE, false);
    }
  }

  /**
   * Removes the records of partitions from every cache store, skipping a record when its
   * partition's role changed from {@code expected} since, unless {@code always} is set.
   */
  void purge(Set<Integer> partitions, Role expected, boolean always) {
    long removed = 0;
    for (CacheRuntime runtime : caches.get()) {
      RecordStore store = runtime.store();
      if (store == null || runtime.isClosed()) {
        continue;
      }
      try (RecordStore.Scan scan = store.scan()) {
        while (scan.hasMore()) {
          for (byte[][] entry : scan.nextBatch()) {
            int partition = Record.partition(entry[1]);
            if (!partitions.contains(partition)) {
              continue;
            }
            int hash = KeyHash.of(entry[0]);
            store.locks().lock(hash);
            try {
              if (always || roles.get(partition) == expected) {
                byte[] current = store.get(entry[0]);
                if (current != null && Record.partition(current) == partition) {
                  store.remove(entry[0]);
                  removed++;
                }
              }
            } finally {
              store.locks().unlock(hash);
            }
          }
        }
      } catch (IllegalStateException e) {
        LOG.debug("{} stopped dropping records of cache '{}': {}", localName.get(), runtime.id(),
            e.getMessage());
      }
    }
    if (removed > 0) {
      LOG.debug("{} dropped {} records of {} partitions", localName.get(), removed,
          partitions.size());
    }
  }

  /**
   * Returns a consistent snapshot of what this member holds: the partitions it owns, those it
   * backs up, and every partition's version. Each partition's role and version are read under
   * its write lock, so a promotion or handoff running meanwhile is seen either before or
   * after, never half-done.
   */
  Messages.StateReply snapshot() {
    List<Integer> owned = new ArrayList<>();
    List<Integer> backedUp = new ArrayList<>();
    long[] partitionVersions = new long[partitionCount];
    for (int p = 0; p < partitionCount; p++) {
      ReentrantReadWriteLock.WriteLock lock = locks[p].writeLock();
      lock.lock();
      try {
        Role role = roles.get(p);
        if (role == Role.OWNER) {
          owned.add(p);
        } else if (role == Role.BACKUP) {
          backedUp.add(p);
        }
        partitionVersions[p] = versions.current(p);
      } finally {
        lock.unlock();
      }
    }
    return new Messages.StateReply(owned.stream().mapToInt(Integer::intValue).toArray(),
        backedUp.stream().mapToInt(Integer::intValue).toArray(), partitionVersions);
  }

  /** Returns the partitions this member owns. */
  int[] owned() {
    return withRole(Role.OWNER);
  }

  /** Returns the partitions this member holds an in-sync copy of. */
  int[] backups() {
    return withRole(Role.BACKUP);
  }

  /** Returns every partition's version counter. */
  long[] allVersions() {
    long[] result = new long[partitionCount];
    for (int p = 0; p < partitionCount; p++) {
      result[p] = versions.current(p);
    }
    return result;
  }

  private int[] withRole(Role role) {
    List<Integer> result = new ArrayList<>();
    for (int p = 0; p < partitionCount; p++) {
      if (roles.get(p) == role) {
        result.add(p);
      }
    }
    return result.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The identity of a removed key while its partition is being copied. */
  private record TombstoneKey(String cacheId, ByteBuffer key) {
  }
}
