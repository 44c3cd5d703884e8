package io.piglix.store;

/**
 * The off-heap memory a store may still allocate. A member with a contribution shares it among
 * the stores of all its caches; a store asks before it creates a larger map.
 */
public interface MemoryBudget {

  /** A budget without limit, for standalone members and tests. */
  MemoryBudget UNLIMITED = new MemoryBudget() {
    @Override
    public long available() {
      return Long.MAX_VALUE;
    }

    @Override
    public int growingStores() {
      return 1;
    }

    @Override
    public long limit() {
      return Long.MAX_VALUE;
    }
  };

  /** Returns the bytes the member may still allocate. */
  long available();

  /** Returns the number of stores holding data on the member, which share what is left. */
  int growingStores();

  /** Returns the bytes the member contributes in all, {@link Long#MAX_VALUE} for no limit. */
  long limit();
}
