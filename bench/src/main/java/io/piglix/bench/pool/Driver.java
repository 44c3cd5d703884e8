package io.piglix.bench.pool;

import java.util.Locale;

/**
 * The member of a pool that runs the benchmark threads. Every pool has three storage members
 * with one backup of each entry, and a client driver is a fourth member that stores no data.
 */
public enum Driver {

  /** One of the three storage members: it owns about a third of the keys. */
  STORAGE,

  /**
   * A fourth member that stores nothing, so every operation is remote: a piglix client
   * member, a Hazelcast lite member or an Infinispan zero-capacity member.
   */
  CLIENT;

  /** Returns the driver named in lower case, as in the benchmark parameter. */
  public static Driver byName(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown driver '" + name
          + "'; expected storage or client", e);
    }
  }

  /** Returns the number of members of a pool with this driver. */
  public int memberCount() {
    return this == CLIENT ? Pool.STORAGE_MEMBERS + 1 : Pool.STORAGE_MEMBERS;
  }
}
