package io.piglix.expiry;

import io.piglix.store.Record;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@link ExpiryPolicy} into absolute expiry times.
 *
 * <p>A policy that throws is treated as the JSR-107 reference implementation treats it: a
 * failed creation duration means eternal, and a failed access or update duration leaves the
 * expiry time unchanged. {@link Duration#ZERO} yields the current time, which is already
 * expired.
 */
public final class ExpiryCalculator {

  /** Returned by access and update calculations when the expiry time stays as it is. */
  public static final long UNCHANGED = -1;

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryCalculator.class);

  private final ExpiryPolicy policy;
  private final boolean eternal;

  /** Creates a calculator over a policy. */
  public ExpiryCalculator(ExpiryPolicy policy) {
    this.policy = policy;
    this.eternal = policy instanceof EternalExpiryPolicy;
  }

  /** The policy. */
  public ExpiryPolicy policy() {
    return policy;
  }

  /** Returns whether entries never expire, so no sweep is needed. */
  public boolean isEternal() {
    return eternal;
  }

  /** Returns the expiry time of an entry created at {@code now}. */
  public long forCreation(long now) {
    if (eternal) {
      return Record.ETERNAL;
    }
    Duration duration;
    try {
      duration = policy.getExpiryForCreation();
    } catch (RuntimeException e) {
      LOG.warn("expiry policy {} failed for a creation; the entry does not expire", policy, e);
      return Record.ETERNAL;
    }
    return duration == null ? Record.ETERNAL : absolute(duration, now);
  }

  /** Returns the new expiry time after an access at {@code now}, or {@link #UNCHANGED}. */
  public long forAccess(long now) {
    if (eternal) {
      return UNCHANGED;
    }
    try {
      Duration duration = policy.getExpiryForAccess();
      return duration == null ? UNCHANGED : absolute(duration, now);
    } catch (RuntimeException e) {
      LOG.warn("expiry policy {} failed for an access; expiry left unchanged", policy, e);
      return UNCHANGED;
    }
  }

  /** Returns the new expiry time after an update at {@code now}, or {@link #UNCHANGED}. */
  public long forUpdate(long now) {
    if (eternal) {
      return UNCHANGED;
    }
    try {
      Duration duration = policy.getExpiryForUpdate();
      return duration == null ? UNCHANGED : absolute(duration, now);
    } catch (RuntimeException e) {
      LOG.warn("expiry policy {} failed for an update; expiry left unchanged", policy, e);
      return UNCHANGED;
    }
  }

  private static long absolute(Duration duration, long now) {
    if (duration.isEternal()) {
      return Record.ETERNAL;
    }
    if (duration.isZero()) {
      return now;
    }
    long adjusted = duration.getAdjustedTime(now);
    return adjusted < now ? Record.ETERNAL : adjusted;
  }
}
