package io.piglix.configuration;

import io.piglix.serialization.SerializationConfig;
import io.piglix.store.StoreSizing;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of a piglix member: what a configuration file describes. Cache managers
 * created with the same configuration URI share one member.
 */
public final class PiglixConfig {

  /** Default number of partitions. A prime spreads keys evenly for most hash distributions. */
  public static final int DEFAULT_PARTITION_COUNT = 271;

  private final URI source;
  private final int partitionCount;
  private final SerializationConfig serialization;
  private final StoreSizing storeSizing;
  private final ClusterConfig cluster;
  private final Map<String, CacheDefinition> caches;

  private PiglixConfig(Builder builder) {
    this.source = builder.source;
    this.partitionCount = builder.partitionCount;
    this.serialization = builder.serialization;
    this.storeSizing = builder.storeSizing;
    this.cluster = builder.cluster;
    this.caches = Collections.unmodifiableMap(new LinkedHashMap<>(builder.caches));
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from every setting of this configuration. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.source = source;
    builder.partitionCount = partitionCount;
    builder.serialization = serialization;
    builder.storeSizing = storeSizing;
    builder.cluster = cluster;
    builder.caches.putAll(caches);
    return builder;
  }

  /** Returns the configuration used when no file is given: a standalone member. */
  public static PiglixConfig defaults() {
    return builder().build();
  }

  /** Where this configuration was read from, or null when it was built in code. */
  public URI source() {
    return source;
  }

  /** Number of partitions keys are spread over; equal on every member of a pool. */
  public int partitionCount() {
    return partitionCount;
  }

  /** Serialization settings: allowed classes, fixed ids and size limits. */
  public SerializationConfig serialization() {
    return serialization;
  }

  /** Initial sizing of each cache's off-heap store on this member. */
  public StoreSizing storeSizing() {
    return storeSizing;
  }

  /** How this member joins a pool, or null for a standalone member. */
  public ClusterConfig cluster() {
    return cluster;
  }

  /** Returns the caches declared in the file by name, in declaration order. */
  public Map<String, CacheDefinition> caches() {
    return caches;
  }

  /** Builds a {@link PiglixConfig}. */
  public static final class Builder {

    private URI source;
    private int partitionCount = DEFAULT_PARTITION_COUNT;
    private SerializationConfig serialization = SerializationConfig.defaults();
    private StoreSizing storeSizing = StoreSizing.DEFAULT;
    private ClusterConfig cluster;
    private final Map<String, CacheDefinition> caches = new LinkedHashMap<>();

    private Builder() {
    }

    /** Sets where the configuration was read from. */
    public Builder source(URI source) {
      this.source = source;
      return this;
    }

    /** Sets the number of partitions, 1 to 65535. */
    public Builder partitionCount(int partitionCount) {
      if (partitionCount < 1 || partitionCount > 65535) {
        throw new IllegalArgumentException("partition count must be 1 to 65535: "
            + partitionCount);
      }
      this.partitionCount = partitionCount;
      return this;
    }

    /** Sets the serialization settings. */
    public Builder serialization(SerializationConfig serialization) {
      this.serialization = Objects.requireNonNull(serialization, "serialization");
      return this;
    }

    /** Sets the initial store sizing. */
    public Builder storeSizing(StoreSizing storeSizing) {
      this.storeSizing = Objects.requireNonNull(storeSizing, "storeSizing");
      return this;
    }

    /** Sets how the member joins a pool; null makes it standalone. */
    public Builder cluster(ClusterConfig cluster) {
      this.cluster = cluster;
      return this;
    }

    /** Adds a declared cache; names must be unique. */
    public Builder cache(CacheDefinition cache) {
      if (caches.putIfAbsent(cache.name(), cache) != null) {
        throw new IllegalArgumentException("cache '" + cache.name() + "' is declared twice;"
            + " give each cache its own name");
      }
      return this;
    }

    /** Builds the configuration. */
    public PiglixConfig build() {
      return new PiglixConfig(this);
    }
  }
}
