package io.piglix.cluster;

import io.piglix.engine.CacheEngine;
import io.piglix.engine.InvokeResult;
import io.piglix.engine.WriteResult;
import io.piglix.internal.Binary;
import io.piglix.management.StatsDelta;
import io.piglix.member.CacheId;
import io.piglix.member.CacheRuntime;
import io.piglix.partition.KeyHash;
import io.piglix.serialization.KryoCodec;
import io.piglix.store.Record;
import io.piglix.store.RecordStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.CacheException;
import javax.cache.processor.EntryProcessor;

/**
 * Runs the cache operations other members send to this member as owner. Every operation
 * first takes the read locks of the partitions it touches and checks that this member owns
 * them; if not, the caller gets {@code WRONG_OWNER} and retries with a newer table.
 */
final class RemoteOperations {

  private final ClusterNode node;

  RemoteOperations(ClusterNode node) {
    this.node = node;
  }

  /** Executes a request and returns its reply, never throwing. */
  Messages.CacheReply execute(Messages.CacheRequest request) {
    StatsDelta stats = new StatsDelta();
    CacheRuntime runtime = node.member().findCache(new CacheId(request.namespace(),
        request.name()));
    if (runtime == null || runtime.engine() == null) {
      return failed(new CacheException("cache '" + request.name() + "' of cache manager "
          + request.namespace() + " does not exist on member " + node.localName()), stats);
    }
    try {
      node.requireMinimumMembers(request.name(), !isRead(request.operation()));
      Object result = run(runtime, request.operation(), stats);
      return new Messages.CacheReply(Messages.CacheReply.OK, result, stats, null, null);
    } catch (WrongOwnerException e) {
      return new Messages.CacheReply(Messages.CacheReply.WRONG_OWNER, null, stats, null,
          node.table().toMessage());
    } catch (RuntimeException e) {
      return failed(e, stats);
    }
  }

  private static boolean isRead(Object operation) {
    return operation instanceof Messages.GetOp || operation instanceof Messages.ContainsKeyOp
        || operation instanceof Messages.GetAllOp || operation instanceof Messages.ScanOp;
  }

  private static Messages.CacheReply failed(RuntimeException error, StatsDelta stats) {
    return new Messages.CacheReply(Messages.CacheReply.FAILED, null, stats,
        Throwables.describe(error), null);
  }

  private Object run(CacheRuntime runtime, Object operation, StatsDelta stats) {
    CacheEngine engine = runtime.engine();
    if (operation instanceof Messages.GetOp) {
      Binary key = Binary.ofBytes(((Messages.GetOp) operation).key());
      return owned(key, () -> bytesOf(engine.get(key, stats)));
    }
    if (operation instanceof Messages.ContainsKeyOp) {
      Binary key = Binary.ofBytes(((Messages.ContainsKeyOp) operation).key());
      return owned(key, () -> engine.containsKey(key));
    }
    if (operation instanceof Messages.PutOp) {
      Messages.PutOp put = (Messages.PutOp) operation;
      Binary key = Binary.ofBytes(put.key());
      return owned(key, () -> outcome(engine.put(key, Binary.ofBytes(put.value()), put.mode(),
          stats)));
    }
    if (operation instanceof Messages.ReplaceOp) {
      Messages.ReplaceOp replace = (Messages.ReplaceOp) operation;
      Binary key = Binary.ofBytes(replace.key());
      return owned(key, () -> engine.replace(key, Binary.ofBytes(replace.expected()),
          Binary.ofBytes(replace.value()), stats));
    }
    if (operation instanceof Messages.RemoveOp) {
      Messages.RemoveOp remove = (Messages.RemoveOp) operation;
      Binary key = Binary.ofBytes(remove.key());
      return owned(key, () -> outcome(engine.remove(key, remove.countRead(), stats)));
    }
    if (operation instanceof Messages.RemoveIfEqualsOp) {
      Messages.RemoveIfEqualsOp remove = (Messages.RemoveIfEqualsOp) operation;
      Binary key = Binary.ofBytes(remove.key());
      return owned(key, () -> engine.removeIfEquals(key, Binary.ofBytes(remove.expected()),
          stats));
    }
    if (operation instanceof Messages.InvokeOp) {
      Messages.InvokeOp invoke = (Messages.InvokeOp) operation;
      Binary key = Binary.ofBytes(invoke.key());
      KryoCodec codec = runtime.codec();
      EntryProcessor<Object, Object, ?> processor = processor(codec, invoke.processor());
      Object[] arguments = arguments(codec, invoke.arguments());
      return owned(key, () -> serializeResult(codec, engine.invoke(key, processor, arguments,
          stats)));
    }
    if (operation instanceof Messages.GetAllOp) {
      List<Binary> keys = binaries(((Messages.GetAllOp) operation).keys());
      return allOwned(keys, () -> entries(engine.getAll(keys, stats)));
    }
    if (operation instanceof Messages.PutAllOp) {
      Messages.PutAllOp putAll = (Messages.PutAllOp) operation;
      List<Binary> keys = binaries(putAll.keys());
      List<Binary[]> entries = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        entries.add(new Binary[] {keys.get(i), Binary.ofBytes(putAll.values().get(i))});
      }
      return allOwned(keys, () -> {
        engine.putAll(entries, true, true, true, stats);
        return Boolean.TRUE;
      });
    }
    if (operation instanceof Messages.RemoveAllOp) {
      List<Binary> keys = binaries(((Messages.RemoveAllOp) operation).keys());
      return allOwned(keys, () -> {
        engine.removeAll(keys, stats);
        return Boolean.TRUE;
      });
    }
    if (operation instanceof Messages.InvokeAllOp) {
      Messages.InvokeAllOp invokeAll = (Messages.InvokeAllOp) operation;
      List<Binary> keys = binaries(invokeAll.keys());
      KryoCodec codec = runtime.codec();
      EntryProcessor<Object, Object, ?> processor = processor(codec, invokeAll.processor());
      Object[] arguments = arguments(codec, invokeAll.arguments());
      return allOwned(keys, () -> invokeAllResult(codec,
          engine.invokeAll(keys, processor, arguments, stats)));
    }
    if (operation instanceof Messages.LoadAllOp) {
      Messages.LoadAllOp loadAll = (Messages.LoadAllOp) operation;
      List<Binary> keys = binaries(loadAll.keys());
      return allOwned(keys, () -> {
        engine.loadAll(keys, loadAll.replaceExisting());
        return Boolean.TRUE;
      });
    }
    if (operation instanceof Messages.ScanOp) {
      return scanOwned(runtime, ((Messages.ScanOp) operation).cursor(), stats);
    }
    if (operation instanceof Messages.RemoveOwnedOp) {
      removeOwned(runtime, stats);
      return Boolean.TRUE;
    }
    if (operation instanceof Messages.ClearOp) {
      engine.clear();
      return Boolean.TRUE;
    }
    throw new IllegalArgumentException("unknown cache operation "
        + operation.getClass().getSimpleName());
  }

  /** Runs an action under the read lock of the key's partition, if this member owns it. */
  private <T> T owned(Binary key, java.util.function.Supplier<T> action) {
    int partition = KeyHash.partition(key.hash(), node.partitionCount());
    PartitionService partitions = node.partitions();
    partitions.lockOwned(partition);
    try {
      return action.get();
    } finally {
      partitions.unlockOwned(partition);
    }
  }

  /** Runs an action under the read locks of the keys' partitions, if this member owns all. */
  private <T> T allOwned(List<Binary> keys, java.util.function.Supplier<T> action) {
    int[] partitionsOfKeys = new int[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      partitionsOfKeys[i] = KeyHash.partition(keys.get(i).hash(), node.partitionCount());
    }
    PartitionService partitions = node.partitions();
    int[] locked = partitions.lockAllOwned(partitionsOfKeys);
    try {
      return action.get();
    } finally {
      partitions.unlockAllOwned(locked);
    }
  }

  /**
   * Reads live entries of the partitions this member owns from a scan position: segments
   * until at least 256 entries are found or the store ends.
   */
  private Messages.ScanResult scanOwned(CacheRuntime runtime, long cursor, StatsDelta stats) {
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    PartitionService partitions = node.partitions();
    try (RecordStore.Scan scan = runtime.store().scanFrom(cursor)) {
      while (scan.hasMore() && keys.size() < 256) {
        for (byte[][] entry : scan.nextBatch()) {
          int partition = Record.partition(entry[1]);
          if (partitions.role(partition) != PartitionService.Role.OWNER) {
            continue;
          }
          try {
            partitions.lockOwned(partition);
          } catch (WrongOwnerException e) {
            continue;
          }
          try {
            byte[] value = runtime.engine().readForIterator(Binary.ofBytes(entry[0]), stats);
            if (value != null) {
              keys.add(entry[0]);
              values.add(value);
            }
          } finally {
            partitions.unlockOwned(partition);
          }
        }
      }
      return new Messages.ScanResult(keys, values, scan.hasMore() ? scan.cursor() : -1);
    }
  }

  /** Removes the entries of owned partitions, one partition's keys per writer call. */
  private void removeOwned(CacheRuntime runtime, StatsDelta stats) {
    PartitionService partitions = node.partitions();
    javax.cache.integration.CacheWriterException failure = null;
    try (RecordStore.Scan scan = runtime.store().scan()) {
      while (scan.hasMore()) {
        Map<Integer, List<Binary>> byPartition = new TreeMap<>();
        for (byte[][] entry : scan.nextBatch()) {
          int partition = Record.partition(entry[1]);
          if (partitions.role(partition) == PartitionService.Role.OWNER) {
            byPartition.computeIfAbsent(partition, k -> new ArrayList<>())
                .add(Binary.ofBytes(entry[0]));
          }
        }
        for (Map.Entry<Integer, List<Binary>> group : byPartition.entrySet()) {
          try {
            partitions.lockOwned(group.getKey());
          } catch (WrongOwnerException e) {
            continue;
          }
          try {
            runtime.engine().removeAll(group.getValue(), stats);
          } catch (javax.cache.integration.CacheWriterException e) {
            failure = failure == null ? e : failure;
          } finally {
            partitions.unlockOwned(group.getKey());
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @SuppressWarnings("unchecked")
  private static EntryProcessor<Object, Object, ?> processor(KryoCodec codec, byte[] bytes) {
    Object decoded = codec.deserialize(bytes);
    if (!(decoded instanceof EntryProcessor)) {
      throw new CacheException("received an entry processor of " + decoded.getClass().getName()
          + ", which is not an EntryProcessor");
    }
    return (EntryProcessor<Object, Object, ?>) decoded;
  }

  private static Object[] arguments(KryoCodec codec, byte[] bytes) {
    return bytes == null ? new Object[0] : (Object[]) codec.deserialize(bytes);
  }

  private static byte[] serializeResult(KryoCodec codec, Object result) {
    return result == null ? null : codec.serialize(result);
  }

  private static Messages.InvokeAllResult invokeAllResult(KryoCodec codec,
      Map<Binary, InvokeResult> results) {
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    List<Messages.ThrowableData> failures = new ArrayList<>();
    for (Map.Entry<Binary, InvokeResult> entry : results.entrySet()) {
      keys.add(entry.getKey().bytes());
      InvokeResult result = entry.getValue();
      if (result.failure() != null) {
        values.add(null);
        failures.add(Throwables.describe(result.failure()));
        continue;
      }
      try {
        values.add(serializeResult(codec, result.value()));
        failures.add(null);
      } catch (RuntimeException e) {
        values.add(null);
        failures.add(Throwables.describe(e));
      }
    }
    return new Messages.InvokeAllResult(keys, values, failures);
  }

  private static List<Binary> binaries(List<byte[]> keys) {
    List<Binary> result = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      result.add(Binary.ofBytes(key));
    }
    return result;
  }

  private static byte[] bytesOf(Binary value) {
    return value == null ? null : value.bytes();
  }

  private static Messages.WriteOutcome outcome(WriteResult result) {
    return new Messages.WriteOutcome(result.applied(), result.oldValue());
  }

  private static Messages.EntriesResult entries(Map<Binary, Binary> found) {
    List<byte[]> keys = new ArrayList<>(found.size());
    List<byte[]> values = new ArrayList<>(found.size());
    for (Map.Entry<Binary, Binary> entry : found.entrySet()) {
      keys.add(entry.getKey().bytes());
      values.add(entry.getValue().bytes());
    }
    return new Messages.EntriesResult(keys, values);
  }
}
