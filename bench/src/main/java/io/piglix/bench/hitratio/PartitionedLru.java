package io.piglix.bench.hitratio;

/**
 * Members that each run their own LRU cache of an equal share of the capacity, with keys
 * assigned to members by partition as in piglix: what a pool without pool-wide eviction does.
 */
final class PartitionedLru implements SimulatedCache {

  private final KeySpace keySpace;
  private final LruCache[] members;

  PartitionedLru(KeySpace keySpace, int memberCount, int capacity) {
    this.keySpace = keySpace;
    members = new LruCache[memberCount];
    for (int i = 0; i < memberCount; i++) {
      members[i] = new LruCache(capacity / memberCount);
    }
  }

  @Override
  public boolean read(int key) {
    return members[keySpace.member(key)].read(key);
  }

  @Override
  public long size() {
    long size = 0;
    for (LruCache member : members) {
      size += member.size();
    }
    return size;
  }
}
