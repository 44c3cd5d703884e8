package io.piglix.configuration;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The {@code <expiry>} of a cache: one of the JCache expiry policies and its time to live.
 *
 * @param policy the policy
 * @param duration the time to live, or null for {@link Policy#ETERNAL}
 * @param location where the element is, or null when built in code
 */
public record ExpiryDefinition(Policy policy, Duration duration, ConfigLocation location) {

  /** The expiry of a cache that declares none: entries never expire. */
  public static final ExpiryDefinition ETERNAL = new ExpiryDefinition(Policy.ETERNAL, null,
      null);

  /** The JCache expiry policies, named as in the {@code policy} attribute. */
  public enum Policy {
    /** {@link EternalExpiryPolicy}. */
    ETERNAL,
    /** {@link CreatedExpiryPolicy}. */
    CREATED,
    /** {@link AccessedExpiryPolicy}. */
    ACCESSED,
    /** {@link ModifiedExpiryPolicy}. */
    MODIFIED,
    /** {@link TouchedExpiryPolicy}. */
    TOUCHED;

    /** Returns the policy of an attribute value such as {@code created}. */
    static Policy ofAttribute(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** Validates that a duration is given exactly when the policy needs one. */
  public ExpiryDefinition {
    Objects.requireNonNull(policy, "policy");
    if (policy == Policy.ETERNAL && duration != null) {
      throw new ConfigurationException(ConfigLocation.format(location, "<expiry policy=\"eternal\""
          + " duration=\"" + duration + "\">: an eternal policy takes no duration; remove the"
          + " duration attribute or choose created, accessed, modified or touched"));
    }
    if (policy != Policy.ETERNAL && (duration == null || duration.isZero()
        || duration.isNegative())) {
      String policyName = policy.name().toLowerCase(Locale.ROOT);
      throw new ConfigurationException(ConfigLocation.format(location, "<expiry policy=\""
          + policyName + "\"> needs a positive duration, such as duration=\"10m\"; got "
          + (duration == null ? "none" : duration)));
    }
  }

  /** Creates the JCache factory of this expiry policy. */
  public Factory<ExpiryPolicy> factory() {
    if (policy == Policy.ETERNAL) {
      return EternalExpiryPolicy.factoryOf();
    }
    javax.cache.expiry.Duration ttl = new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS,
        duration.toMillis());
    switch (policy) {
      case CREATED:
        return CreatedExpiryPolicy.factoryOf(ttl);
      case ACCESSED:
        return AccessedExpiryPolicy.factoryOf(ttl);
      case MODIFIED:
        return ModifiedExpiryPolicy.factoryOf(ttl);
      case TOUCHED:
        return TouchedExpiryPolicy.factoryOf(ttl);
      default:
        throw new IllegalStateException("unhandled expiry policy " + policy);
    }
  }
}
