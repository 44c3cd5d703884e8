package io.piglix.cluster;

/**
 * One cache on one member, or summed over the pool.
 *
 * @param namespace the URI of the cache's cache manager
 * @param name the cache name
 * @param ownedEntries entries in partitions the member owns; their sum over members is the
 *     number of entries in the pool
 * @param storedEntries entries the member stores, owned and backup copies
 * @param storedBytes off-heap bytes the cache's store uses on the member
 * @param hits read hits counted by the cache views on the member
 * @param misses read misses counted by the cache views on the member
 * @param puts puts counted by the cache views on the member
 * @param removals removals counted by the cache views on the member
 * @param evictions entries evicted for capacity
 */
public record CacheStatus(String namespace, String name, long ownedEntries, long storedEntries,
    long storedBytes, long hits, long misses, long puts, long removals, long evictions) {

  /** Returns hits divided by reads, or 0 without reads. */
  public double hitRatio() {
    long reads = hits + misses;
    return reads == 0 ? 0 : (double) hits / reads;
  }

  /** Returns the sum of two statuses of the same cache. */
  public CacheStatus plus(CacheStatus other) {
    return new CacheStatus(namespace, name, ownedEntries + other.ownedEntries,
        storedEntries + other.storedEntries, storedBytes + other.storedBytes,
        hits + other.hits, misses + other.misses, puts + other.puts,
        removals + other.removals, evictions + other.evictions);
  }
}
