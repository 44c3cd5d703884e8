package io.piglix.engine;

import java.util.List;

/**
 * Copies an operation's changes to the backups of their partitions before the operation
 * completes. A standalone member uses {@link #NONE}.
 */
public interface Replicator {

  /** Replicates nothing. */
  Replicator NONE = new Replicator() {
    @Override
    public boolean isActive() {
      return false;
    }

    @Override
    public void replicate(String cacheId, List<Mutation> mutations) {
    }
  };

  /** Returns whether changes must be collected for replication. */
  boolean isActive();

  /**
   * Sends changes to the backups and waits for them to apply. Called with the keys' stripe
   * locks held, so the changes of one key reach each backup in order.
   */
  void replicate(String cacheId, List<Mutation> mutations);
}
