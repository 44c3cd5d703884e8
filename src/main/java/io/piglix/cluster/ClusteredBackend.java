package io.piglix.cluster;

import io.piglix.engine.CacheBackend;
import io.piglix.engine.CacheEngine;
import io.piglix.engine.InvokeResult;
import io.piglix.engine.PutMode;
import io.piglix.engine.WriteResult;
import io.piglix.internal.Binary;
import io.piglix.management.StatsRecorder;
import io.piglix.member.CacheRuntime;
import io.piglix.partition.KeyHash;
import io.piglix.serialization.KryoCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;
import org.jgroups.Address;
import org.jgroups.View;

/**
 * Routes a cache view's operations to the owners of their keys' partitions: a local call when
 * this member owns the partition, a request otherwise.
 *
 * <p>A caller whose table is stale reaches a member that no longer owns the partition; that
 * member answers {@code WRONG_OWNER} and the caller waits for the next table or view, then
 * retries. An owner that cannot be reached is retried the same way. After the operation
 * timeout the operation fails with a {@link CacheException} that names the partition, the
 * owner it tried and the current view; it never hangs.
 *
 * <p>Every request to another member first takes a permit from the node's
 * {@link RequestLimiter}. When the owner already has the maximum number of requests in flight
 * from this member, the operation fails at once with a {@link CacheException} naming the
 * owner and sends nothing. A retry to another owner takes a new permit, and every permit is
 * returned when its reply arrives or the wait for it ends.
 */
final class ClusteredBackend implements CacheBackend {

  private static final long RETRY_WAIT_MILLIS = 100;

  private final ClusterNode node;
  private final CacheRuntime runtime;
  private final String namespace;
  private final String name;

  ClusteredBackend(ClusterNode node, CacheRuntime runtime) {
    this.node = node;
    this.runtime = runtime;
    this.namespace = runtime.id().namespace();
    this.name = runtime.id().name();
  }

  @Override
  public Binary get(Binary key, StatsRecorder stats) {
    node.requireMinimumMembers(name, false);
    return single(key, engine -> engine.get(key, stats),
        new Messages.GetOp(key.bytes()), result -> toBinary((byte[]) result), stats);
  }

  @Override
  public boolean containsKey(Binary key) {
    node.requireMinimumMembers(name, false);
    return single(key, engine -> engine.containsKey(key),
        new Messages.ContainsKeyOp(key.bytes()), result -> (Boolean) result,
        StatsRecorder.NONE);
  }

  @Override
  public WriteResult put(Binary key, Binary value, PutMode mode, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    return single(key, engine -> engine.put(key, value, mode, stats),
        new Messages.PutOp(key.bytes(), value.bytes(), mode), ClusteredBackend::toWriteResult,
        stats);
  }

  @Override
  public boolean replace(Binary key, Binary expected, Binary value, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    return single(key, engine -> engine.replace(key, expected, value, stats),
        new Messages.ReplaceOp(key.bytes(), expected.bytes(), value.bytes()),
        result -> (Boolean) result, stats);
  }

  @Override
  public WriteResult remove(Binary key, boolean countRead, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    return single(key, engine -> engine.remove(key, countRead, stats),
        new Messages.RemoveOp(key.bytes(), countRead), ClusteredBackend::toWriteResult, stats);
  }

  @Override
  public boolean removeIfEquals(Binary key, Binary expected, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    return single(key, engine -> engine.removeIfEquals(key, expected, stats),
        new Messages.RemoveIfEqualsOp(key.bytes(), expected.bytes()),
        result -> (Boolean) result, stats);
  }

  @Override
  public Object invoke(Binary key, EntryProcessor<Object, Object, ?> processor,
      Object[] arguments, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    KryoCodec codec = runtime.codec();
    return single(key, engine -> engine.invoke(key, processor, arguments, stats),
        () -> new Messages.InvokeOp(key.bytes(), codec.serialize(processor),
            codec.serialize(arguments)),
        result -> result == null ? null : codec.deserialize((byte[]) result), stats);
  }

  @Override
  public Map<Binary, Binary> getAll(Collection<Binary> keys, StatsRecorder stats) {
    node.requireMinimumMembers(name, false);
    Map<Binary, Binary> found = new LinkedHashMap<>();
    grouped(new ArrayList<>(keys), (engine, group) -> engine.getAll(group, stats),
        group -> new Messages.GetAllOp(bytesOf(group)),
        (group, result) -> {
          if (result instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<Binary, Binary> local = (Map<Binary, Binary>) result;
            found.putAll(local);
          } else {
            Messages.EntriesResult entries = (Messages.EntriesResult) result;
            for (int i = 0; i < entries.keys().size(); i++) {
              found.put(Binary.ofBytes(entries.keys().get(i)),
                  Binary.ofBytes(entries.values().get(i)));
            }
          }
        }, stats);
    Map<Binary, Binary> ordered = new LinkedHashMap<>();
    for (Binary key : keys) {
      Binary value = found.get(key);
      if (value != null) {
        ordered.put(key, value);
      }
    }
    for (Map.Entry<Binary, Binary> entry : found.entrySet()) {
      ordered.putIfAbsent(entry.getKey(), entry.getValue());
    }
    return ordered;
  }

  @Override
  public void putAll(List<Binary[]> entries, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    Map<Binary, Binary> values = new LinkedHashMap<>();
    for (Binary[] entry : entries) {
      values.put(entry[0], entry[1]);
    }
    grouped(new ArrayList<>(values.keySet()), (engine, group) -> {
      engine.putAll(pairs(group, values), true, true, true, stats);
      return Boolean.TRUE;
    }, group -> {
      List<byte[]> groupValues = new ArrayList<>(group.size());
      for (Binary key : group) {
        groupValues.add(values.get(key).bytes());
      }
      return new Messages.PutAllOp(bytesOf(group), groupValues);
    }, (group, result) -> { }, stats);
  }

  @Override
  public void removeAll(Collection<Binary> keys, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    grouped(new ArrayList<>(keys), (engine, group) -> {
      engine.removeAll(group, stats);
      return Boolean.TRUE;
    }, group -> new Messages.RemoveAllOp(bytesOf(group)), (group, result) -> { }, stats);
  }

  @Override
  public Map<Binary, InvokeResult> invokeAll(List<Binary> keys,
      EntryProcessor<Object, Object, ?> processor, Object[] arguments, StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    KryoCodec codec = runtime.codec();
    Map<Binary, InvokeResult> results = new LinkedHashMap<>();
    byte[][] encoded = new byte[2][];
    grouped(keys, (engine, group) -> engine.invokeAll(group, processor, arguments, stats),
        group -> {
          if (encoded[0] == null) {
            encoded[0] = codec.serialize(processor);
            encoded[1] = codec.serialize(arguments);
          }
          return new Messages.InvokeAllOp(bytesOf(group), encoded[0], encoded[1]);
        },
        (group, result) -> {
          if (result instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<Binary, InvokeResult> local = (Map<Binary, InvokeResult>) result;
            results.putAll(local);
            return;
          }
          Messages.InvokeAllResult remote = (Messages.InvokeAllResult) result;
          for (int i = 0; i < remote.keys().size(); i++) {
            Binary key = Binary.ofBytes(remote.keys().get(i));
            Messages.ThrowableData failure = remote.failures().get(i);
            if (failure != null) {
              results.put(key, new InvokeResult(null,
                  Throwables.rebuild(failure, node.allowList())));
            } else {
              byte[] value = remote.results().get(i);
              results.put(key, new InvokeResult(value == null ? null
                  : codec.deserialize(value), null));
            }
          }
        }, stats);
    return results;
  }

  @Override
  public void loadAll(Collection<Binary> keys, boolean replaceExisting) {
    node.requireMinimumMembers(name, true);
    grouped(new ArrayList<>(keys), (engine, group) -> {
      engine.loadAll(group, replaceExisting);
      return Boolean.TRUE;
    }, group -> new Messages.LoadAllOp(bytesOf(group), replaceExisting),
        (group, result) -> { }, StatsRecorder.NONE);
  }

  @Override
  public boolean hasLoader() {
    return runtime.configuration().getCacheLoaderFactory() != null;
  }

  @Override
  public void removeEverything(StatsRecorder stats) {
    node.requireMinimumMembers(name, true);
    broadcast(new Messages.RemoveOwnedOp(), stats);
  }

  @Override
  public void clear() {
    node.requireMinimumMembers(name, true);
    broadcast(new Messages.ClearOp(), StatsRecorder.NONE);
  }

  @Override
  public Iterator<List<byte[][]>> entryBatches(StatsRecorder stats) {
    node.requireMinimumMembers(name, false);
    List<Address> members = new ArrayList<>(node.storageWeights(null).keySet());
    return new Iterator<>() {
      private int memberIndex;
      private long cursor;

      @Override
      public boolean hasNext() {
        return memberIndex < members.size();
      }

      @Override
      public List<byte[][]> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Address member = members.get(memberIndex);
        Messages.ScanResult batch = scan(member, cursor, stats);
        if (batch == null || batch.nextCursor() < 0) {
          memberIndex++;
          cursor = 0;
        } else {
          cursor = batch.nextCursor();
        }
        List<byte[][]> entries = new ArrayList<>();
        if (batch != null) {
          for (int i = 0; i < batch.keys().size(); i++) {
            entries.add(new byte[][] {batch.keys().get(i), batch.values().get(i)});
          }
        }
        return entries;
      }
    };
  }

  @Override
  public void listenersChanged() {
    node.publishListenerPresence(runtime, runtime.listeners().hasListeners(),
        runtime.listeners().hasSynchronousListeners());
  }

  @Override
  public void close() {
  }

  /** Runs a single-key operation on the key's owner. */
  private <T> T single(Binary key, Function<CacheEngine, T> local, Object remote,
      Function<Object, T> decode, StatsRecorder stats) {
    return single(key, local, () -> remote, decode, stats);
  }

  private <T> T single(Binary key, Function<CacheEngine, T> local,
      java.util.function.Supplier<Object> remote, Function<Object, T> decode,
      StatsRecorder stats) {
    int partition = KeyHash.partition(key.hash(), node.partitionCount());
    long deadline = System.currentTimeMillis() + node.operationTimeoutMillis();
    Object request = null;
    while (true) {
      long tableVersion = node.table().version();
      View view = node.view();
      Address owner = node.ownerOf(partition);
      if (owner == null) {
        retryOrFail(partition, null, deadline, tableVersion, view, "no owner is known");
        continue;
      }
      if (owner.equals(node.localAddress())) {
        try {
          node.partitions().lockOwned(partition);
        } catch (WrongOwnerException e) {
          retryOrFail(partition, owner, deadline, tableVersion, view,
              "this member does not own it yet");
          continue;
        }
        try {
          return local.apply(runtime.engine());
        } finally {
          node.partitions().unlockOwned(partition);
        }
      }
      if (request == null) {
        request = new Messages.CacheRequest(namespace, name, remote.get());
      }
      Object reply;
      RequestLimiter.Permit permit = node.requestLimiter().acquire(owner, name);
      try {
        reply = node.transport().request(owner, request, remaining(deadline));
      } catch (TransportException e) {
        retryOrFail(partition, owner, deadline, tableVersion, view, e.getMessage());
        continue;
      } finally {
        permit.release();
      }
      if (!(reply instanceof Messages.CacheReply)) {
        retryOrFail(partition, owner, deadline, tableVersion, view, String.valueOf(reply));
        continue;
      }
      Messages.CacheReply cacheReply = (Messages.CacheReply) reply;
      if (cacheReply.stats() != null) {
        cacheReply.stats().applyTo(stats);
      }
      if (cacheReply.status() == Messages.CacheReply.OK) {
        return decode.apply(cacheReply.result());
      }
      if (cacheReply.status() == Messages.CacheReply.FAILED) {
        throw Throwables.rebuild(cacheReply.error(), node.allowList());
      }
      if (adoptNewerTable(cacheReply)) {
        continue;
      }
      retryOrFail(partition, owner, deadline, tableVersion, view,
          owner + " no longer owns it");
    }
  }

  /** Runs an operation on groups of keys, one group per owner, retrying moved keys. */
  private void grouped(List<Binary> keys, LocalGroup local,
      Function<List<Binary>, Object> remote, GroupResult accept, StatsRecorder stats) {
    long deadline = System.currentTimeMillis() + node.operationTimeoutMillis();
    List<Binary> pending = keys;
    RuntimeException failure = null;
    while (!pending.isEmpty()) {
      long tableVersion = node.table().version();
      View view = node.view();
      Map<Address, List<Binary>> byOwner = new LinkedHashMap<>();
      List<Binary> retry = new ArrayList<>();
      for (Binary key : pending) {
        Address owner = node.ownerOf(KeyHash.partition(key.hash(), node.partitionCount()));
        if (owner == null) {
          retry.add(key);
        } else {
          byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(key);
        }
      }
      List<Address> remoteOwners = new ArrayList<>(byOwner.keySet());
      remoteOwners.remove(node.localAddress());
      Map<Address, RequestLimiter.Permit> permits = acquirePermits(remoteOwners, failure);
      try {
        Map<Address, CompletableFuture<Object>> replies = new LinkedHashMap<>();
        for (Address owner : remoteOwners) {
          CompletableFuture<Object> reply = node.transport().requestAsync(owner,
              new Messages.CacheRequest(namespace, name, remote.apply(byOwner.get(owner))),
              remaining(deadline));
          RequestLimiter.Permit permit = permits.get(owner);
          reply.whenComplete((result, error) -> permit.release());
          replies.put(owner, reply);
        }
        List<Binary> localGroup = byOwner.get(node.localAddress());
        if (localGroup != null) {
          try {
            accept.accept(localGroup, runLocalGroup(localGroup, local));
          } catch (WrongOwnerException e) {
            retry.addAll(localGroup);
          } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
          }
        }
        for (Map.Entry<Address, CompletableFuture<Object>> reply : replies.entrySet()) {
          Object result = await(reply.getValue(), deadline);
          List<Binary> group = byOwner.get(reply.getKey());
          if (!(result instanceof Messages.CacheReply)) {
            retry.addAll(group);
            continue;
          }
          Messages.CacheReply cacheReply = (Messages.CacheReply) result;
          if (cacheReply.stats() != null) {
            cacheReply.stats().applyTo(stats);
          }
          if (cacheReply.status() == Messages.CacheReply.OK) {
            accept.accept(group, cacheReply.result());
          } else if (cacheReply.status() == Messages.CacheReply.FAILED) {
            RuntimeException error = Throwables.rebuild(cacheReply.error(), node.allowList());
            failure = failure == null ? error : failure;
          } else {
            adoptNewerTable(cacheReply);
            retry.addAll(group);
          }
        }
      } finally {
        RequestLimiter.releaseAll(permits.values());
      }
      if (!retry.isEmpty()) {
        int partition = KeyHash.partition(retry.get(0).hash(), node.partitionCount());
        retryOrFail(partition, node.ownerOf(partition), deadline, tableVersion, view,
            retry.size() + " keys could not be served by their owners");
      }
      pending = retry;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Takes a permit for one request to each owner before any group is sent, so an operation
   * that finds one owner at its limit sends nothing in this round.
   *
   * @param earlier a failure of an earlier round, attached to the limit's exception as
   *     suppressed, or null
   */
  private Map<Address, RequestLimiter.Permit> acquirePermits(List<Address> owners,
      RuntimeException earlier) {
    List<RequestLimiter.Permit> acquired;
    try {
      acquired = node.requestLimiter().acquireAll(owners, name);
    } catch (CacheException e) {
      if (earlier != null) {
        e.addSuppressed(earlier);
      }
      throw e;
    }
    Map<Address, RequestLimiter.Permit> permits = new LinkedHashMap<>();
    for (int i = 0; i < owners.size(); i++) {
      permits.put(owners.get(i), acquired.get(i));
    }
    return permits;
  }

  private Object runLocalGroup(List<Binary> group, LocalGroup local) {
    int[] partitionsOfKeys = new int[group.size()];
    for (int i = 0; i < group.size(); i++) {
      partitionsOfKeys[i] = KeyHash.partition(group.get(i).hash(), node.partitionCount());
    }
    int[] locked = node.partitions().lockAllOwned(partitionsOfKeys);
    try {
      return local.apply(runtime.engine(), group);
    } finally {
      node.partitions().unlockAllOwned(locked);
    }
  }

  /** Sends an operation to every storage member and waits for all of them. */
  private void broadcast(Object operation, StatsRecorder stats) {
    RuntimeException failure = null;
    Messages.CacheRequest request = new Messages.CacheRequest(namespace, name, operation);
    List<Address> members = new ArrayList<>(node.storageWeights(null).keySet());
    List<Address> remoteMembers = new ArrayList<>(members);
    remoteMembers.remove(node.localAddress());
    Map<Address, RequestLimiter.Permit> permits = acquirePermits(remoteMembers, null);
    try {
      for (Address member : members) {
        Object reply;
        if (member.equals(node.localAddress())) {
          reply = node.handle(member, request);
        } else {
          try {
            reply = node.transport().request(member, request, node.operationTimeoutMillis());
          } catch (TransportException e) {
            if (node.alive().contains(member)) {
              failure = failure == null ? e : failure;
            }
            continue;
          } finally {
            permits.get(member).release();
          }
        }
        if (reply instanceof Messages.CacheReply) {
          Messages.CacheReply cacheReply = (Messages.CacheReply) reply;
          if (cacheReply.stats() != null) {
            cacheReply.stats().applyTo(stats);
          }
          if (cacheReply.status() == Messages.CacheReply.FAILED && failure == null) {
            failure = Throwables.rebuild(cacheReply.error(), node.allowList());
          }
        }
      }
    } finally {
      RequestLimiter.releaseAll(permits.values());
    }
    if (failure != null) {
      throw failure;
    }
  }

  private Messages.ScanResult scan(Address member, long cursor, StatsRecorder stats) {
    Messages.CacheRequest request = new Messages.CacheRequest(namespace, name,
        new Messages.ScanOp(cursor));
    Object reply;
    if (member.equals(node.localAddress())) {
      reply = node.handle(member, request);
    } else {
      RequestLimiter.Permit permit = node.requestLimiter().acquire(member, name);
      try {
        reply = node.transport().request(member, request, node.operationTimeoutMillis());
      } catch (TransportException e) {
        return null;
      } finally {
        permit.release();
      }
    }
    if (!(reply instanceof Messages.CacheReply)) {
      return null;
    }
    Messages.CacheReply cacheReply = (Messages.CacheReply) reply;
    if (cacheReply.stats() != null) {
      cacheReply.stats().applyTo(stats);
    }
    if (cacheReply.status() != Messages.CacheReply.OK) {
      if (cacheReply.status() == Messages.CacheReply.FAILED) {
        throw Throwables.rebuild(cacheReply.error(), node.allowList());
      }
      return null;
    }
    return (Messages.ScanResult) cacheReply.result();
  }

  /**
   * Installs the table a {@code WRONG_OWNER} reply carries when it is newer than this
   * member's, which redirects the retry to the current owner; returns whether it was newer.
   */
  private boolean adoptNewerTable(Messages.CacheReply reply) {
    if (reply.table() == null || reply.table().version() <= node.table().version()) {
      return false;
    }
    node.onTable(PartitionTable.fromMessage(reply.table()));
    return true;
  }

  private void retryOrFail(int partition, Address owner, long deadline, long tableVersion,
      View view, String reason) {
    long left = deadline - System.currentTimeMillis();
    if (left <= 0) {
      PartitionTable table = node.table();
      throw new CacheException("operation on cache '" + name + "' timed out after "
          + node.operationTimeoutMillis() + " ms: partition " + partition + " could not be"
          + " served (" + reason + "); owner tried: " + owner + ", replicas in table v"
          + table.version() + ": " + table.replicas(partition) + ", view: "
          + (view == null ? "none" : view.getMembers()));
    }
    node.awaitTopologyChange(tableVersion, view, Math.min(left, RETRY_WAIT_MILLIS));
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.currentTimeMillis());
  }

  private static Object await(CompletableFuture<Object> future, long deadline) {
    try {
      return future.get(remaining(deadline) + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (ExecutionException | TimeoutException e) {
      return e;
    }
  }

  private static List<byte[]> bytesOf(List<Binary> keys) {
    List<byte[]> result = new ArrayList<>(keys.size());
    for (Binary key : keys) {
      result.add(key.bytes());
    }
    return result;
  }

  private static List<Binary[]> pairs(List<Binary> keys, Map<Binary, Binary> values) {
    List<Binary[]> result = new ArrayList<>(keys.size());
    for (Binary key : keys) {
      result.add(new Binary[] {key, values.get(key)});
    }
    return result;
  }

  private static Binary toBinary(byte[] bytes) {
    return bytes == null ? null : Binary.ofBytes(bytes);
  }

  private static WriteResult toWriteResult(Object result) {
    if (result instanceof WriteResult) {
      return (WriteResult) result;
    }
    Messages.WriteOutcome outcome = (Messages.WriteOutcome) result;
    return new WriteResult(outcome.applied(), outcome.oldValue());
  }

  /** An operation on the keys this member owns. */
  private interface LocalGroup {
    Object apply(CacheEngine engine, List<Binary> keys);
  }

  /** Receives the result of one owner's group. */
  private interface GroupResult {
    void accept(List<Binary> keys, Object result);
  }
}
