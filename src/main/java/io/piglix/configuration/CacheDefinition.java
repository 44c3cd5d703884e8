package io.piglix.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A cache declared in a configuration file with {@code <cache>}, after the settings of
 * {@code <cache-defaults>} are merged in. Every cache manager using the file creates it.
 *
 * <p>{@link #toConfiguration(ClassLoader)} turns it into the JCache configuration the cache is
 * created with. The bounds and the backup count are not part of that configuration; the
 * running member does not enforce them yet.
 */
public final class CacheDefinition {

  private final String name;
  private final String keyType;
  private final String valueType;
  private final boolean statisticsEnabled;
  private final boolean managementEnabled;
  private final Integer backupCount;
  private final ExpiryDefinition expiry;
  private final ClassReference loader;
  private final ClassReference writer;
  private final List<ListenerDefinition> listeners;
  private final BoundsDefinition bounds;
  private final ConfigLocation location;

  private CacheDefinition(Builder builder) {
    this.name = builder.name;
    this.keyType = builder.keyType;
    this.valueType = builder.valueType;
    this.statisticsEnabled = builder.statisticsEnabled;
    this.managementEnabled = builder.managementEnabled;
    this.backupCount = builder.backupCount;
    this.expiry = builder.expiry;
    this.loader = builder.loader;
    this.writer = builder.writer;
    this.listeners = List.copyOf(builder.listeners);
    this.bounds = new BoundsDefinition(builder.maxEntries, builder.maxBytes, builder.weight,
        builder.eviction);
    this.location = builder.location;
  }

  /** Returns a builder for a cache of this name with the JCache defaults. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns the cache name. */
  public String name() {
    return name;
  }

  /** Returns the binary name of the key class, {@code java.lang.Object} when not declared. */
  public String keyType() {
    return keyType;
  }

  /** Returns the binary name of the value class, {@code java.lang.Object} by default. */
  public String valueType() {
    return valueType;
  }

  /** Returns whether the cache records statistics. */
  public boolean isStatisticsEnabled() {
    return statisticsEnabled;
  }

  /** Returns whether the cache registers its CacheMXBean. */
  public boolean isManagementEnabled() {
    return managementEnabled;
  }

  /** Returns the backup count of this cache, or empty when it uses the cluster's count. */
  public OptionalInt backupCount() {
    return backupCount == null ? OptionalInt.empty() : OptionalInt.of(backupCount);
  }

  /** Returns when entries expire. */
  public ExpiryDefinition expiry() {
    return expiry;
  }

  /** Returns the read-through loader, or null when read-through is off. */
  public ClassReference loader() {
    return loader;
  }

  /** Returns the write-through writer, or null when write-through is off. */
  public ClassReference writer() {
    return writer;
  }

  /** Returns the listeners registered when the cache is created, in declaration order. */
  public List<ListenerDefinition> listeners() {
    return listeners;
  }

  /** Returns the capacity limits, which the member does not enforce yet. */
  public BoundsDefinition bounds() {
    return bounds;
  }

  /** Returns where the {@code <cache>} element is, or null when built in code. */
  public ConfigLocation location() {
    return location;
  }

  /**
   * Resolves every class this cache names with {@code classLoader} and returns a new JCache
   * configuration, store-by-value.
   *
   * @throws ConfigurationException when a class is missing or of the wrong kind; the message
   *     names the element, attribute, line and column
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public MutableConfiguration<Object, Object> toConfiguration(ClassLoader classLoader) {
    Objects.requireNonNull(classLoader, "classLoader");
    MutableConfiguration<Object, Object> configuration = new MutableConfiguration<>();
    Class<Object> keyClass = (Class<Object>) loadType(keyType, "key-type", classLoader);
    Class<Object> valueClass = (Class<Object>) loadType(valueType, "value-type", classLoader);
    configuration.setTypes(keyClass, valueClass);
    configuration.setStoreByValue(true);
    configuration.setStatisticsEnabled(statisticsEnabled);
    configuration.setManagementEnabled(managementEnabled);
    configuration.setExpiryPolicyFactory(expiry.factory());
    if (loader != null) {
      Factory loaderFactory = loader.toFactory(CacheLoader.class, classLoader, name);
      configuration.setCacheLoaderFactory(loaderFactory);
      configuration.setReadThrough(true);
    }
    if (writer != null) {
      Factory writerFactory = writer.toFactory(CacheWriter.class, classLoader, name);
      configuration.setCacheWriterFactory(writerFactory);
      configuration.setWriteThrough(true);
    }
    for (ListenerDefinition listener : listeners) {
      configuration.addCacheEntryListenerConfiguration(
          listener.toConfiguration(classLoader, name));
    }
    return configuration;
  }

  private Class<?> loadType(String className, String attribute, ClassLoader classLoader) {
    if (Object.class.getName().equals(className)) {
      return Object.class;
    }
    return new ClassReference(className, "cache name=\"" + name + "\"", attribute, location)
        .load(classLoader, name);
  }

  @Override
  public String toString() {
    return "CacheDefinition{" + name + " at " + location + "}";
  }

  /** Builds a {@link CacheDefinition}; each setter replaces the value set before. */
  public static final class Builder {

    private final String name;
    private String keyType = Object.class.getName();
    private String valueType = Object.class.getName();
    private boolean statisticsEnabled;
    private boolean managementEnabled;
    private Integer backupCount;
    private ExpiryDefinition expiry = ExpiryDefinition.ETERNAL;
    private ClassReference loader;
    private ClassReference writer;
    private List<ListenerDefinition> listeners = new ArrayList<>();
    private OptionalLong maxEntries = BoundsDefinition.UNBOUNDED.maxEntries();
    private OptionalLong maxBytes = BoundsDefinition.UNBOUNDED.maxBytes();
    private int weight = BoundsDefinition.UNBOUNDED.weight();
    private BoundsDefinition.Eviction eviction = BoundsDefinition.UNBOUNDED.eviction();
    private ConfigLocation location;

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("cache name must not be empty");
      }
      this.name = name;
    }

    /** Sets the binary name of the key class. */
    public Builder keyType(String className) {
      this.keyType = Objects.requireNonNull(className, "className");
      return this;
    }

    /** Sets the binary name of the value class. */
    public Builder valueType(String className) {
      this.valueType = Objects.requireNonNull(className, "className");
      return this;
    }

    /** Sets whether the cache records statistics. */
    public Builder statisticsEnabled(boolean enabled) {
      this.statisticsEnabled = enabled;
      return this;
    }

    /** Sets whether the cache registers its CacheMXBean. */
    public Builder managementEnabled(boolean enabled) {
      this.managementEnabled = enabled;
      return this;
    }

    /** Sets the backup count of this cache, 0 to 6. */
    public Builder backupCount(int count) {
      if (count < 0 || count > 6) {
        throw new IllegalArgumentException("backup count must be 0 to 6: " + count);
      }
      this.backupCount = count;
      return this;
    }

    /** Sets the expiry. */
    public Builder expiry(ExpiryDefinition expiry) {
      this.expiry = Objects.requireNonNull(expiry, "expiry");
      return this;
    }

    /** Sets the read-through loader, or null to turn read-through off. */
    public Builder loader(ClassReference loader) {
      this.loader = loader;
      return this;
    }

    /** Sets the write-through writer, or null to turn write-through off. */
    public Builder writer(ClassReference writer) {
      this.writer = writer;
      return this;
    }

    /** Replaces the listeners. */
    public Builder listeners(List<ListenerDefinition> listeners) {
      this.listeners = new ArrayList<>(listeners);
      return this;
    }

    /** Sets the entry limit. */
    public Builder maxEntries(long maxEntries) {
      this.maxEntries = OptionalLong.of(maxEntries);
      return this;
    }

    /** Sets the byte limit. */
    public Builder maxBytes(long maxBytes) {
      this.maxBytes = OptionalLong.of(maxBytes);
      return this;
    }

    /** Sets the weight, 1 to 1000. */
    public Builder weight(int weight) {
      this.weight = weight;
      return this;
    }

    /** Sets the eviction policy. */
    public Builder eviction(BoundsDefinition.Eviction eviction) {
      this.eviction = Objects.requireNonNull(eviction, "eviction");
      return this;
    }

    /** Sets where the {@code <cache>} element is. */
    public Builder location(ConfigLocation location) {
      this.location = location;
      return this;
    }

    /**
     * Builds the definition.
     *
     * @throws IllegalArgumentException when the bounds are invalid
     */
    public CacheDefinition build() {
      return new CacheDefinition(this);
    }
  }
}
