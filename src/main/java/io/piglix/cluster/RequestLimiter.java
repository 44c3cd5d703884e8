package io.piglix.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jgroups.Address;

/**
 * Bounds the cache operation requests this member has in flight to each other member, so a
 * slow or hung owner makes the callers beyond the bound fail at once instead of each waiting
 * up to the operation timeout.
 *
 * <p>A request takes one permit from its target member before it is sent and returns it when
 * the reply arrives or the caller stops waiting, whichever comes first. A request that carries
 * several keys, such as one owner's part of a putAll, takes one permit. Only cache operation
 * requests take permits: replication, partition copies and control messages are never
 * limited here, because failing them would drop backups or stall a rebalance.
 */
final class RequestLimiter {

  private final int maxInFlight;
  private final Supplier<String> localName;
  private final Map<Address, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  /**
   * Creates a limiter.
   *
   * @param maxInFlight the maximum number of requests in flight to one member
   * @param localName returns this member's name for error messages
   */
  RequestLimiter(int maxInFlight, Supplier<String> localName) {
    this.maxInFlight = maxInFlight;
    this.localName = localName;
  }

  /**
   * Takes a permit to send one request of cache {@code cacheName} to {@code member}.
   *
   * @throws CacheException when {@code member} already has the maximum number of requests in
   *     flight from this member; nothing was sent
   */
  Permit acquire(Address member, String cacheName) {
    AtomicInteger count = inFlight.computeIfAbsent(member, key -> new AtomicInteger());
    while (true) {
      int current = count.get();
      if (current >= maxInFlight) {
        throw overloaded(member, current, cacheName);
      }
      if (count.compareAndSet(current, current + 1)) {
        return new Permit(count);
      }
    }
  }

  /**
   * Takes one permit for each member, or none: when one member is at the maximum, releases
   * the permits already taken and throws.
   *
   * @throws CacheException when one of the members already has the maximum number of requests
   *     in flight from this member; nothing was sent
   */
  List<Permit> acquireAll(Collection<Address> members, String cacheName) {
    List<Permit> permits = new ArrayList<>(members.size());
    try {
      for (Address member : members) {
        permits.add(acquire(member, cacheName));
      }
    } catch (CacheException e) {
      releaseAll(permits);
      throw e;
    }
    return permits;
  }

  /** Releases every permit of a list; permits already released are skipped. */
  static void releaseAll(Collection<Permit> permits) {
    for (Permit permit : permits) {
      permit.release();
    }
  }

  /** Returns the number of requests in flight to a member. */
  int inFlight(Address member) {
    AtomicInteger count = inFlight.get(member);
    return count == null ? 0 : count.get();
  }

  /** Returns the maximum number of requests in flight to one member. */
  int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Forgets the counts of members that left the view. Permits still out keep their own
   * count, so their release never touches a newer member's count.
   */
  void retainMembers(Collection<Address> members) {
    inFlight.keySet().retainAll(members);
  }

  private CacheException overloaded(Address member, int current, String cacheName) {
    return new CacheException("operation on cache '" + cacheName + "' rejected because member "
        + member + " already has " + current + " cache requests in flight from member "
        + localName.get() + ", the maximum set by <cluster max-requests-in-flight=\""
        + maxInFlight + "\">. The member is slow or overloaded, so retry later, raise"
        + " max-requests-in-flight, or add storage members to spread the load");
  }

  /** The right to have one request in flight; {@link #release()} returns it once. */
  static final class Permit {

    private final AtomicInteger count;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(AtomicInteger count) {
      this.count = count;
    }

    /** Returns the permit; later calls do nothing. */
    void release() {
      if (released.compareAndSet(false, true)) {
        count.decrementAndGet();
      }
    }
  }
}
