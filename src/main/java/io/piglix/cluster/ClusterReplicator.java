package io.piglix.cluster;

import io.piglix.engine.Mutation;
import io.piglix.engine.Replicator;
import io.piglix.member.CacheRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an owner's changes to the replication targets of their partitions and waits for every
 * target to apply them, so a change is on all replicas before the operation returns.
 *
 * <p>A target that fails or does not answer within the operation timeout is dropped from the
 * partition's targets and logged; the coordinator gives the partition a new backup when it
 * sees the member leave or report a stale copy.
 */
final class ClusterReplicator implements Replicator {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterReplicator.class);

  private final ClusterNode node;
  private final CacheRuntime runtime;

  ClusterReplicator(ClusterNode node, CacheRuntime runtime) {
    this.node = node;
    this.runtime = runtime;
  }

  @Override
  public boolean isActive() {
    return true;
  }

  @Override
  public void replicate(String cacheId, List<Mutation> mutations) {
    Map<Address, List<Mutation>> byTarget = new LinkedHashMap<>();
    PartitionService partitions = node.partitions();
    for (Mutation mutation : mutations) {
      for (Address target : partitions.replicationTargets(mutation.partition())) {
        byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(mutation);
      }
    }
    if (byTarget.isEmpty()) {
      return;
    }
    long timeout = node.operationTimeoutMillis();
    Map<Address, CompletableFuture<Object>> replies = new LinkedHashMap<>();
    for (Map.Entry<Address, List<Mutation>> entry : byTarget.entrySet()) {
      Messages.Replicate message = new Messages.Replicate(runtime.id().namespace(),
          runtime.id().name(), entry.getValue());
      replies.put(entry.getKey(), node.transport().requestAsync(entry.getKey(), message,
          timeout));
    }
    for (Map.Entry<Address, CompletableFuture<Object>> entry : replies.entrySet()) {
      Object reply;
      try {
        reply = entry.getValue().get(timeout + 1000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply = e;
      } catch (ExecutionException | TimeoutException e) {
        reply = e;
      }
      if (!(reply instanceof Messages.Ack)) {
        Address target = entry.getKey();
        java.util.Set<Integer> affected = new java.util.TreeSet<>();
        for (Mutation mutation : byTarget.get(target)) {
          partitions.dropTarget(mutation.partition(), target);
          affected.add(mutation.partition());
        }
        node.repairBackup(target, affected.stream().mapToInt(Integer::intValue).toArray());
        String reason = reply instanceof Throwable ? describe((Throwable) reply)
            : String.valueOf(reply);
        LOG.warn("{} stopped replicating to {} after it failed to apply changes of cache"
            + " '{}': {}", node.localName(), target, runtime.id(), reason);
      }
    }
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == error ? error.toString() : error.getClass().getSimpleName() + " caused by "
        + cause;
  }
}
