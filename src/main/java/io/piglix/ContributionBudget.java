package io.piglix;

import io.piglix.member.CacheRuntime;
import io.piglix.store.MemoryBudget;
import io.piglix.store.RecordStore;
import java.util.List;
import java.util.function.Supplier;

/**
 * The memory a storage member contributes, shared by the stores of all its caches: what is
 * left is the contribution minus the off-heap bytes the stores have allocated.
 */
final class ContributionBudget implements MemoryBudget {

  private final long contributedBytes;
  private final Supplier<List<CacheRuntime>> caches;

  ContributionBudget(long contributedBytes, Supplier<List<CacheRuntime>> caches) {
    this.contributedBytes = contributedBytes;
    this.caches = caches;
  }

  @Override
  public long available() {
    return Math.max(0, contributedBytes - allocated());
  }

  @Override
  public long limit() {
    return contributedBytes;
  }

  @Override
  public int growingStores() {
    int stores = 0;
    for (CacheRuntime runtime : caches.get()) {
      RecordStore store = runtime.store();
      if (store != null && !runtime.isClosed() && store.size() > 0) {
        stores++;
      }
    }
    return stores;
  }

  /** Returns the off-heap bytes the member's stores have allocated. */
  long allocated() {
    long total = 0;
    for (CacheRuntime runtime : caches.get()) {
      RecordStore store = runtime.store();
      if (store != null && !runtime.isClosed()) {
        total += store.offHeapBytes();
      }
    }
    return total;
  }
}
