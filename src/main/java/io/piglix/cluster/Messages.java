package io.piglix.cluster;

import io.piglix.configuration.MemberRole;
import io.piglix.engine.Mutation;
import io.piglix.engine.PutMode;
import io.piglix.management.StatsDelta;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jgroups.Address;

/**
 * The messages members exchange. Each is a record encoded by {@link Frames}; user objects
 * (entry processors, their arguments and results) travel as bytes encoded with the cache's
 * codec, so these records only ever contain piglix and JDK types.
 */
final class Messages {

  private Messages() {
  }

  /**
   * Checks the cache name of a message, so a frame that decodes with a null name fails as an
   * invalid frame instead of in the handler.
   */
  private static void requireCache(String namespace, String name) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The description a member sends to the others when it joins. {@code registrations} maps
   * each Kryo id to its class name, and {@code allowList} lists the allow-list entries as
   * {@code package NAME} or {@code class NAME}. A member whose digest differs uses both to name
   * the differing classes.
   */
  record MemberInfo(String name, int protocolVersion, int partitionCount, MemberRole role,
      long contributedBytes, String registrationDigest, String clusterName,
      Map<Integer, String> registrations, List<String> allowList) {
  }

  /** Announces a member's info; the reply is {@link Ack} or {@link Rejected}. */
  record Hello(MemberInfo info) {
  }

  /** A positive reply with nothing else to say. */
  record Ack() {
  }

  /** A member refused a request or a joining member; the reason names what differs. */
  record Rejected(String reason) {
  }

  /**
   * The partition table: for every partition, the members holding it, the owner first.
   *
   * @param version increases with every change
   * @param members the members the replica indexes refer to
   * @param replicas per partition, indexes into {@code members}
   */
  record TableUpdate(long version, List<Address> members, int[][] replicas) {
  }

  /** The coordinator asks a member which partitions it holds. */
  record StateQuery() {
  }

  /**
   * What a member holds.
   *
   * @param owned partitions this member owns
   * @param backups partitions this member holds an in-sync copy of
   * @param versions the member's version counter of every partition
   */
  record StateReply(int[] owned, int[] backups, long[] versions) {
  }

  /**
   * Creates a cache. Sent first to the coordinator, which checks that the cache does not exist
   * and then sends it to every member with {@code install} set.
   */
  record CacheCreate(String namespace, String name, byte[] configuration, boolean install) {
    CacheCreate {
      requireCache(namespace, name);
    }
  }

  /** Destroys a cache; routed through the coordinator like {@link CacheCreate}. */
  record CacheDestroy(String namespace, String name, boolean install) {
    CacheDestroy {
      requireCache(namespace, name);
    }
  }

  /** A joining member asks for the caches and listener locations of the pool. */
  record PoolStateRequest() {
  }

  /** The caches, listener locations and partition table of the pool. */
  record PoolState(List<CacheCreate> caches, List<ListenerPresence> listeners,
      TableUpdate table) {
  }

  /**
   * Where a cache has listeners, so owners know which members receive its events.
   *
   * @param member the member with listeners
   * @param any whether the member has any listener on the cache
   * @param synchronous whether one of them is synchronous
   */
  record ListenerPresence(String namespace, String name, Address member, boolean any,
      boolean synchronous) {
  }

  /**
   * The coordinator asks an owner to copy partitions to new replicas while serving them.
   *
   * @param partitions the partitions to copy
   * @param targets per partition, the members that must receive a copy
   */
  record MigrateRequest(int[] partitions, List<List<Address>> targets) {
  }

  /** An owner copied partitions: how many records and bytes it sent. */
  record Copied(long records, long bytes) {
  }

  /** An owner tells a member that copies of partitions start: drop what you hold of them. */
  record SyncBegin(int[] partitions) {
  }

  /** A batch of records of one cache copied from an owner. */
  record SyncData(String namespace, String name, List<byte[]> keys, List<byte[]> records) {
    SyncData {
      requireCache(namespace, name);
    }
  }

  /** An owner finished copying partitions; their versions are at least {@code versions}. */
  record SyncEnd(int[] partitions, long[] versions) {
  }

  /** The coordinator asks an owner to give the ownership of partitions to another member. */
  record Handoff(int[] partitions, Address newOwner, List<List<Address>> backups) {
  }

  /**
   * A member becomes the owner of partitions.
   *
   * @param versions per partition, the version counter to continue from
   * @param backups per partition, the members to replicate changes to
   */
  record BecomeOwner(int[] partitions, long[] versions, List<List<Address>> backups) {
  }

  /** Asks the coordinator for a rebalance round, after a backup stopped receiving changes. */
  record RebalanceRequest() {
  }

  /** Asks a member for its {@link MemberStatus}. */
  record StatusRequest() {
  }

  /** The coordinator asks a storage member for its usage, answered with a MemberUsage. */
  record CapacityQuery() {
  }

  /**
   * The coordinator tells the storage members which entries to evict: of each listed cache,
   * those its bound cut selects and, on a member at or above the low watermark, those its
   * pressure cut selects (see {@code EvictionPlanner.Plan}). A cut of heat 0 and fraction 0
   * evicts nothing.
   *
   * @param caches cache ids
   * @param boundHeats the heat of each cache's bound cut
   * @param boundFractions the fraction of each cache's bound cut
   * @param pressureHeats the heat of each cache's pressure cut
   * @param pressureFractions the fraction of each cache's pressure cut
   */
  record CapacityOrders(String[] caches, int[] boundHeats, double[] boundFractions,
      int[] pressureHeats, double[] pressureFractions) {
  }

  /** A member asks the coordinator to move its partitions away before it leaves. */
  record LeaveRequest() {
  }

  /** Changes of one cache an owner sends to a backup. */
  record Replicate(String namespace, String name, List<Mutation> mutations) {
    Replicate {
      requireCache(namespace, name);
    }
  }

  /** An operation on a cache, sent to the owner of its keys. */
  record CacheRequest(String namespace, String name, Object operation) {
    CacheRequest {
      requireCache(namespace, name);
    }
  }

  /**
   * The reply to a {@link CacheRequest}.
   *
   * @param status {@link #OK}, {@link #WRONG_OWNER} or {@link #FAILED}
   * @param result the operation's result
   * @param stats the statistics the operation produced
   * @param error the failure when the status is {@link #FAILED}
   * @param table with {@link #WRONG_OWNER}, the replier's table, so a caller with an older
   *     table can redirect at once
   */
  record CacheReply(int status, Object result, StatsDelta stats, ThrowableData error,
      TableUpdate table) {
    static final int OK = 0;
    static final int WRONG_OWNER = 1;
    static final int FAILED = 2;
  }

  /**
   * Reads an owner saw on partitions the receiver backs up, one way.
   *
   * @param readHashes the key hash of each read
   * @param keys keys whose record's access fields a read changed
   * @param headers the owner's record header of each of those keys
   */
  record AccessUpdates(String namespace, String name, int[] readHashes, List<byte[]> keys,
      List<byte[]> headers) {
  }

  /** Events of one cache sent to a member with listeners. */
  record EventBatch(String namespace, String name, List<WireEvent> events, boolean synchronous) {
    EventBatch {
      requireCache(namespace, name);
    }
  }

  /** One event: type ordinal of {@link javax.cache.event.EventType}, key and values. */
  record WireEvent(int type, byte[] key, byte[] value, byte[] oldValue) {
  }

  /** A failure carried between members: its class name, message and cause. */
  record ThrowableData(String className, String message, ThrowableData cause) {
  }

  // Cache operations carried by CacheRequest.

  record GetOp(byte[] key) {
  }

  record GetAllOp(List<byte[]> keys) {
  }

  record ContainsKeyOp(byte[] key) {
  }

  record PutOp(byte[] key, byte[] value, PutMode mode) {
  }

  record ReplaceOp(byte[] key, byte[] expected, byte[] value) {
  }

  record RemoveOp(byte[] key, boolean countRead) {
  }

  record RemoveIfEqualsOp(byte[] key, byte[] expected) {
  }

  record PutAllOp(List<byte[]> keys, List<byte[]> values) {
  }

  record RemoveAllOp(List<byte[]> keys) {
  }

  record InvokeOp(byte[] key, byte[] processor, byte[] arguments) {
  }

  record InvokeAllOp(List<byte[]> keys, byte[] processor, byte[] arguments) {
  }

  record LoadAllOp(List<byte[]> keys, boolean replaceExisting) {
  }

  /** Reads the next batch of entries of the partitions the member owns, from a position. */
  record ScanOp(long cursor) {
  }

  /** Removes every entry of the partitions the member owns, with writer and events. */
  record RemoveOwnedOp() {
  }

  /** Removes every record the member holds of the cache, without writer or events. */
  record ClearOp() {
  }

  // Results.

  /** A pair of lists of equal length. */
  record EntriesResult(List<byte[]> keys, List<byte[]> values) {
  }

  /**
   * The results of {@code invokeAll} for the keys of one owner: per key, the serialized
   * result (null when the processor returned null) or the failure.
   */
  record InvokeAllResult(List<byte[]> keys, List<byte[]> results,
      List<ThrowableData> failures) {
  }

  /** A write's outcome. */
  record WriteOutcome(boolean applied, byte[] oldValue) {
  }

  /** A batch of entries and the position to continue from, -1 at the end. */
  record ScanResult(List<byte[]> keys, List<byte[]> values, long nextCursor) {
  }
  // Merging the sides of a split.

  /**
   * Asks an owner on a losing side to stop serving partitions and send their records to the
   * winning owner, which keeps the copy the merge policy chooses.
   *
   * @param partitions the partitions to give up
   * @param winner the member that owns the partitions on the winning side
   * @param policy the {@link io.piglix.configuration.MergePolicy} name the winner applies
   */
  record MergeRequest(int[] partitions, Address winner, String policy) {
  }

  /** A batch of records of one cache from a losing side, for the winning owner to merge. */
  record MergeData(String namespace, String name, List<byte[]> keys, List<byte[]> records,
      String policy) {
  }

  /**
   * The counts of a merge: records received from the losing side, records where the winning
   * side's copy stayed, and records taken from the losing side.
   */
  record MergeCounts(long compared, long keptLocal, long takenIncoming) {
  }

  /** Drops a member's copies of partitions without handing them anywhere. */
  record Discard(int[] partitions) {
  }
}
