package io.piglix;

import io.piglix.engine.CacheEngine;
import io.piglix.engine.LocalBackend;
import io.piglix.expiry.ExpiryCalculator;
import io.piglix.serialization.KryoCodec;
import io.piglix.spi.PiglixCachingProvider;
import io.piglix.store.RecordStore;
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
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
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
  private final ConcurrentMap<String, PiglixCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Creates a manager; the provider calls this.
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
      PiglixCache<K, V> cache = newCache(cacheName, copy);
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
    PiglixCache<?, ?> cache = caches.get(cacheName);
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
    return (Cache<K, V>) caches.get(cacheName);
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    PiglixCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      closeCache(cache, true);
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

  /** Removes a cache from this manager and releases its resources on this member. */
  void closeCache(PiglixCache<?, ?> cache, boolean destroy) {
    synchronized (caches) {
      caches.remove(cache.getName(), cache);
    }
    cache.closeResources();
  }

  @SuppressWarnings("unchecked")
  private <K, V> PiglixCache<K, V> newCache(String cacheName,
      MutableConfiguration<K, V> configuration) {
    CacheLoader<Object, Object> loader =
        (CacheLoader<Object, Object>) create(configuration.getCacheLoaderFactory());
    CacheWriter<Object, Object> writer =
        (CacheWriter<Object, Object>) create(configuration.getCacheWriterFactory());
    ExpiryPolicy expiryPolicy = create(configuration.getExpiryPolicyFactory());
    if (expiryPolicy == null) {
      throw new IllegalArgumentException("the expiry policy factory of cache '" + cacheName
          + "' created null");
    }
    CacheResources resources = new CacheResources(cacheName, loader, writer, expiryPolicy);
    RecordStore store = new RecordStore(uri + "/" + cacheName,
        member.config().storeSizing(), member.maintenance());
    try {
      CacheEngine engine = new CacheEngine(cacheName, store, codec,
          new ExpiryCalculator(expiryPolicy), loader, configuration.isReadThrough(),
          configuration.isWriteThrough() ? writer : null, member.config().partitionCount());
      PiglixCache<K, V> cache = new PiglixCache<>(cacheName, this, configuration, codec,
          member.listenerExecutor(), member.loadExecutor(), resources);
      engine.setEventSink(cache.dispatcher());
      cache.start(new LocalBackend(engine, store::close));
      return cache;
    } catch (RuntimeException | Error e) {
      store.close();
      resources.close();
      throw e;
    }
  }

  private static <T> T create(Factory<T> factory) {
    return factory == null ? null : factory.create();
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
