package io.piglix;

import io.piglix.configuration.CacheDefinition;
import io.piglix.member.CacheId;
import io.piglix.member.CacheRuntime;
import io.piglix.serialization.KryoCodec;
import io.piglix.spi.PiglixCachingProvider;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named set of caches. A manager is identified by its URI and class loader; managers whose
 * URI names the same configuration share one {@link PiglixMember}.
 */
public final class PiglixCacheManager implements CacheManager {

  private static final Logger LOG = LoggerFactory.getLogger(PiglixCacheManager.class);

  private final PiglixCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final PiglixMember member;
  private final KryoCodec codec;
  private final String namespace;
  private final ConcurrentMap<String, PiglixCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Creates a manager with the caches its configuration file declares; the provider calls
   * this.
   *
   * @param provider the provider that created this manager
   * @param uri the manager's URI
   * @param classLoader the class loader for keys, values and factories
   * @param properties implementation properties, copied
   * @param member the member this manager's caches live in, already acquired for it
   */
  public PiglixCacheManager(PiglixCachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties, PiglixMember member) {
    this.provider = provider;
    this.uri = Objects.requireNonNull(uri, "uri");
    this.classLoader = new WeakReference<>(Objects.requireNonNull(classLoader, "classLoader"));
    this.properties = new Properties();
    if (properties != null) {
      this.properties.putAll(properties);
    }
    this.member = member;
    this.codec = new KryoCodec(member.config().serialization(), classLoader);
    this.namespace = classLoader == member.classLoader() ? uri.toString()
        : uri + "@" + classLoader.getClass().getName() + "@"
            + Integer.toHexString(System.identityHashCode(classLoader));
    createDeclaredCaches(classLoader);
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader.get();
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  /** The member behind this manager. */
  public PiglixMember member() {
    return member;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    MutableConfiguration<K, V> copy = copyOf(configuration);
    if (!copy.isStoreByValue()) {
      throw new UnsupportedOperationException("cache '" + cacheName + "' is configured"
          + " store-by-reference, which piglix does not support because entries live"
          + " off-heap; use setStoreByValue(true)");
    }
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("a cache named '" + cacheName + "' already exists in cache"
            + " manager " + uri);
      }
      CacheRuntime runtime = member.createCache(cacheId(cacheName), withoutListeners(copy),
          codec);
      PiglixCache<K, V> cache = newView(cacheName, copy, runtime);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    PiglixCache<?, ?> cache = view(cacheName);
    if (cache == null) {
      return null;
    }
    CompleteConfiguration<?, ?> configuration =
        cache.getConfiguration(CompleteConfiguration.class);
    if (!keyType.equals(configuration.getKeyType())) {
      throw new ClassCastException("cache '" + cacheName + "' has key type "
          + configuration.getKeyType().getName() + ", not " + keyType.getName());
    }
    if (!valueType.equals(configuration.getValueType())) {
      throw new ClassCastException("cache '" + cacheName + "' has value type "
          + configuration.getValueType().getName() + ", not " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    return (Cache<K, V>) view(cacheName);
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    Set<String> names = new LinkedHashSet<>(member.cacheNames(namespace()));
    names.addAll(caches.keySet());
    return Collections.unmodifiableSet(names);
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    member.destroyCache(cacheId(cacheName));
    PiglixCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      closeCache(cache);
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    PiglixCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    PiglixCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public void close() {
    List<PiglixCache<?, ?>> toClose;
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(caches.values());
      caches.clear();
    }
    provider.release(this);
    for (PiglixCache<?, ?> cache : toClose) {
      try {
        cache.closeResources();
      } catch (RuntimeException e) {
        LOG.warn("closing cache '{}' of cache manager {} failed", cache.getName(), uri, e);
      }
    }
    provider.releaseMember(member);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap cache manager " + uri + " to "
        + type.getName());
  }

  /** Removes a cache view from this manager and closes it; the cache itself stays. */
  void closeCache(PiglixCache<?, ?> cache) {
    synchronized (caches) {
      caches.remove(cache.getName(), cache);
    }
    cache.closeResources();
  }

  /**
   * Creates the caches the configuration file declares, except those the member already has
   * because another manager or, in a pool, another member created them. Closes the views
   * this manager opened when one fails.
   */
  private void createDeclaredCaches(ClassLoader loader) {
    try {
      for (CacheDefinition definition : member.config().caches().values()) {
        if (view(definition.name()) != null) {
          continue;
        }
        try {
          createCache(definition.name(), definition.toConfiguration(loader));
        } catch (CacheException e) {
          if (view(definition.name()) == null) {
            throw e;
          }
        }
      }
    } catch (RuntimeException | Error e) {
      for (PiglixCache<?, ?> cache : caches.values()) {
        cache.closeResources();
      }
      caches.clear();
      throw e;
    }
  }

  /** Returns this manager's view of a cache, creating it when the cache exists on the member. */
  @SuppressWarnings("unchecked")
  private PiglixCache<?, ?> view(String cacheName) {
    synchronized (caches) {
      PiglixCache<?, ?> cache = caches.get(cacheName);
      if (cache != null) {
        return cache;
      }
      CacheRuntime runtime = member.findCache(cacheId(cacheName));
      if (runtime == null || runtime.isClosed()) {
        return null;
      }
      cache = newView(cacheName, runtime.configuration(), runtime);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  private <K, V> PiglixCache<K, V> newView(String cacheName,
      MutableConfiguration<K, V> configuration, CacheRuntime runtime) {
    PiglixCache<K, V> cache = new PiglixCache<>(cacheName, this, configuration, codec,
        runtime, member.listenerExecutor(), member.loadExecutor());
    cache.start(member.backendFor(runtime));
    runtime.onClose(cache.closeCallback());
    return cache;
  }

  private CacheId cacheId(String cacheName) {
    return new CacheId(namespace(), cacheName);
  }

  /**
   * Returns the namespace of this manager's caches: the URI, shared with every member of the
   * pool, or for a manager whose class loader is not the one its member was started with, the
   * URI qualified by that class loader, which keeps managers that differ only by class loader
   * apart as JSR-107 requires.
   */
  private String namespace() {
    return namespace;
  }

  @SuppressWarnings("unchecked")
  private static MutableConfiguration<Object, Object> withoutListeners(
      MutableConfiguration<?, ?> configuration) {
    MutableConfiguration<Object, Object> copy =
        new MutableConfiguration<>((MutableConfiguration<Object, Object>) configuration);
    List<CacheEntryListenerConfiguration<Object, Object>> listeners = new ArrayList<>();
    for (CacheEntryListenerConfiguration<Object, Object> listener
        : copy.getCacheEntryListenerConfigurations()) {
      listeners.add(listener);
    }
    for (CacheEntryListenerConfiguration<Object, Object> listener : listeners) {
      copy.removeCacheEntryListenerConfiguration(listener);
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration) {
      return new MutableConfiguration<>((CompleteConfiguration<K, V>) configuration);
    }
    MutableConfiguration<K, V> copy = new MutableConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "PiglixCacheManager{" + uri + "}";
  }

  /** Returns the names of this manager's caches; for tests and status. */
  Set<String> cacheNames() {
    return Set.copyOf(caches.keySet());
  }
}
