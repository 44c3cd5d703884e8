package io.piglix;

import io.piglix.engine.CacheBackend;
import io.piglix.engine.InvokeResult;
import io.piglix.engine.PutMode;
import io.piglix.engine.WriteResult;
import io.piglix.event.EventDispatcher;
import io.piglix.internal.Binary;
import io.piglix.internal.PiglixEntry;
import io.piglix.management.CacheConfigurationMXBean;
import io.piglix.management.CacheStatistics;
import io.piglix.management.MBeans;
import io.piglix.management.StatsRecorder;
import io.piglix.member.CacheRuntime;
import io.piglix.processor.EntryProcessorResultImpl;
import io.piglix.serialization.KryoCodec;
import io.piglix.store.EntryTooLargeException;
import io.piglix.store.RecordStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A piglix cache as an application sees it.
 *
 * <p>This facade checks arguments, serializes keys and values (which makes the cache
 * store-by-value), times operations for the statistics, and delivers events to the listeners
 * registered through it. The entries themselves are handled by a {@link CacheBackend}.
 */
public final class PiglixCache<K, V> implements Cache<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(PiglixCache.class);

  private final String name;
  private final PiglixCacheManager manager;
  private final MutableConfiguration<K, V> configuration;
  private final KryoCodec codec;
  private final CacheStatistics statistics = new CacheStatistics();
  private final EventDispatcher<K, V> dispatcher;
  private final Executor loadExecutor;
  private final CacheRuntime runtime;
  private final Runnable closeCallback;
  private volatile CacheBackend backend;
  private volatile boolean statisticsEnabled;
  private volatile boolean closed;

  PiglixCache(String name, PiglixCacheManager manager, MutableConfiguration<K, V> configuration,
      KryoCodec codec, CacheRuntime runtime, Executor listenerExecutor, Executor loadExecutor) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.codec = codec;
    this.runtime = runtime;
    this.loadExecutor = loadExecutor;
    this.dispatcher = new EventDispatcher<>(this, codec, listenerExecutor);
    this.statisticsEnabled = configuration.isStatisticsEnabled();
    this.closeCallback = () -> manager.closeCache(this);
  }

  /** Attaches the backend and starts statistics, management and listeners as configured. */
  void start(CacheBackend backend) {
    this.backend = backend;
    for (CacheEntryListenerConfiguration<K, V> listener
        : configuration.getCacheEntryListenerConfigurations()) {
      dispatcher.register(listener);
    }
    runtime.listeners().add(dispatcher);
    runtime.addViewStatistics(statistics);
    backend.listenersChanged();
    if (configuration.isStatisticsEnabled()) {
      setStatisticsEnabled(true);
    }
    if (configuration.isManagementEnabled()) {
      setManagementEnabled(true);
    }
  }

  /** The dispatcher of this cache's listeners on this member. */
  EventDispatcher<K, V> dispatcher() {
    return dispatcher;
  }

  @Override
  public V get(K key) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    long start = startTimer();
    Binary value = backend.get(binaryKey, stats());
    recordGetTime(start);
    return valueOf(value);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    List<Binary> binaryKeys = new ArrayList<>(keys.size());
    Map<Binary, K> originals = new HashMap<>();
    for (K key : keys) {
      Binary binaryKey = keyOf(key);
      binaryKeys.add(binaryKey);
      originals.put(binaryKey, key);
    }
    long start = startTimer();
    Map<Binary, Binary> found = backend.getAll(binaryKeys, stats());
    recordGetTime(start);
    Map<K, V> result = new LinkedHashMap<>();
    for (Map.Entry<Binary, Binary> entry : found.entrySet()) {
      K key = originals.get(entry.getKey());
      result.put(key == null ? decodeKey(entry.getKey()) : key, valueOf(entry.getValue()));
    }
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    return backend.containsKey(keyOf(key));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    List<Binary> binaryKeys = new ArrayList<>(keys.size());
    for (K key : keys) {
      binaryKeys.add(keyOf(key));
    }
    if (!backend.hasLoader()) {
      if (completionListener != null) {
        completionListener.onCompletion();
      }
      return;
    }
    Runnable task = () -> {
      try {
        backend.loadAll(binaryKeys, replaceExistingValues);
        if (completionListener != null) {
          completionListener.onCompletion();
        }
      } catch (RuntimeException e) {
        if (completionListener != null) {
          completionListener.onException(e instanceof CacheLoaderException ? e
              : new CacheLoaderException("loadAll of cache '" + name + "' failed", e));
        } else {
          LOG.warn("loadAll of cache '{}' failed", name, e);
        }
      }
    };
    try {
      loadExecutor.execute(task);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("cache '" + name + "' is closing", e);
    }
  }

  @Override
  public void put(K key, V value) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Binary binaryValue = newValueOf(value);
    checkTypes(key, value);
    long start = startTimer();
    WriteResult result = backend.put(binaryKey, binaryValue, PutMode.PUT, stats());
    if (result.applied()) {
      recordPutTime(start);
    }
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Binary binaryValue = newValueOf(value);
    checkTypes(key, value);
    long start = startTimer();
    WriteResult result = backend.put(binaryKey, binaryValue, PutMode.GET_AND_PUT, stats());
    recordGetTime(start);
    if (result.applied()) {
      recordPutTime(start);
    }
    return decodeValue(result.oldValue());
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    List<Binary[]> entries = new ArrayList<>(map.size());
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      Binary binaryKey = keyOf(entry.getKey());
      Binary binaryValue = newValueOf(entry.getValue());
      checkTypes(entry.getKey(), entry.getValue());
      entries.add(new Binary[] {binaryKey, binaryValue});
    }
    long start = startTimer();
    try {
      backend.putAll(entries, stats());
    } finally {
      recordPutTime(start);
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Binary binaryValue = newValueOf(value);
    checkTypes(key, value);
    long start = startTimer();
    WriteResult result = backend.put(binaryKey, binaryValue, PutMode.PUT_IF_ABSENT, stats());
    if (result.applied()) {
      recordPutTime(start);
    }
    return result.applied();
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    long start = startTimer();
    WriteResult result = backend.remove(binaryKey, false, stats());
    if (result.applied()) {
      recordRemoveTime(start);
    }
    return result.applied();
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Binary expected = valueToCompare(oldValue);
    long start = startTimer();
    boolean removed = backend.removeIfEquals(binaryKey, expected, stats());
    recordGetTime(start);
    if (removed) {
      recordRemoveTime(start);
    }
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    long start = startTimer();
    WriteResult result = backend.remove(binaryKey, true, stats());
    recordGetTime(start);
    if (result.applied()) {
      recordRemoveTime(start);
    }
    return decodeValue(result.oldValue());
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Binary expected = valueToCompare(oldValue);
    Binary binaryValue = newValueOf(newValue);
    checkTypes(key, newValue);
    long start = startTimer();
    boolean replaced = backend.replace(binaryKey, expected, binaryValue, stats());
    recordGetTime(start);
    if (replaced) {
      recordPutTime(start);
    }
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Binary binaryValue = newValueOf(value);
    checkTypes(key, value);
    long start = startTimer();
    WriteResult result = backend.put(binaryKey, binaryValue, PutMode.REPLACE, stats());
    recordGetTime(start);
    if (result.applied()) {
      recordPutTime(start);
    }
    return result.applied();
  }

  @Override
  public V getAndReplace(K key, V value) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Binary binaryValue = newValueOf(value);
    checkTypes(key, value);
    long start = startTimer();
    WriteResult result = backend.put(binaryKey, binaryValue, PutMode.GET_AND_REPLACE, stats());
    recordGetTime(start);
    if (result.applied()) {
      recordPutTime(start);
    }
    return decodeValue(result.oldValue());
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    List<Binary> binaryKeys = new ArrayList<>(keys.size());
    for (K key : keys) {
      binaryKeys.add(keyOf(key));
    }
    long start = startTimer();
    try {
      backend.removeAll(binaryKeys, stats());
    } finally {
      recordRemoveTime(start);
    }
  }

  @Override
  public void removeAll() {
    requireOpen();
    long start = startTimer();
    try {
      backend.removeEverything(stats());
    } finally {
      recordRemoveTime(start);
    }
  }

  @Override
  public void clear() {
    requireOpen();
    backend.clear();
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
    Objects.requireNonNull(type, "type");
    MutableConfiguration<K, V> copy;
    synchronized (configuration) {
      copy = new MutableConfiguration<>(configuration);
    }
    if (type.isInstance(copy)) {
      return type.cast(copy);
    }
    throw new IllegalArgumentException("configuration type " + type.getName()
        + " is not supported; use CompleteConfiguration or MutableConfiguration");
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    Binary binaryKey = keyOf(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return (T) backend.invoke(binaryKey, (EntryProcessor<Object, Object, ?>) entryProcessor,
        arguments, stats());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<Binary, K> originals = new LinkedHashMap<>();
    for (K key : keys) {
      originals.put(keyOf(key), key);
    }
    Map<Binary, InvokeResult> outcomes = backend.invokeAll(new ArrayList<>(originals.keySet()),
        (EntryProcessor<Object, Object, ?>) entryProcessor, arguments, stats());
    Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
    for (Map.Entry<Binary, InvokeResult> outcome : outcomes.entrySet()) {
      K key = originals.get(outcome.getKey());
      InvokeResult result = outcome.getValue();
      if (result.failure() != null) {
        results.put(key, EntryProcessorResultImpl.failed(result.failure()));
      } else if (result.value() != null) {
        results.put(key, EntryProcessorResultImpl.of((T) result.value()));
      }
    }
    return results;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    manager.closeCache(this);
  }

  /** The callback the cache runtime runs when the cache is destroyed. */
  Runnable closeCallback() {
    return closeCallback;
  }

  /**
   * Closes this cache: stops listeners, management and statistics, and releases the loader,
   * writer, expiry policy and this member's storage for the cache. Failures are logged and
   * the remaining resources are still released.
   */
  void closeResources() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    RuntimeException failure = null;
    try {
      setStatisticsEnabled(false);
      setManagementEnabled(false);
    } catch (RuntimeException e) {
      failure = e;
    }
    runtime.removeOnClose(closeCallback);
    runtime.listeners().remove(dispatcher);
    runtime.removeViewStatistics(statistics);
    try {
      CacheBackend current = backend;
      if (current != null && !runtime.isClosed()) {
        current.listenersChanged();
      }
    } catch (RuntimeException e) {
      failure = chain(failure, e);
    }
    try {
      dispatcher.close(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = chain(failure, e);
    }
    try {
      CacheBackend current = backend;
      if (current != null) {
        current.close();
      }
    } catch (RuntimeException e) {
      failure = chain(failure, e);
    }
    if (failure != null) {
      LOG.warn("closing cache '{}' failed", name, failure);
    }
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
    throw new IllegalArgumentException("cannot unwrap cache '" + name + "' to "
        + type.getName());
  }

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      dispatcher.register(listenerConfiguration);
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }
    backend.listenersChanged();
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      if (dispatcher.deregister(listenerConfiguration)) {
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      }
    }
    backend.listenersChanged();
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator(backend.entryBatches(stats()));
  }

  /** The statistics MXBean of this cache on this member. */
  public CacheStatistics statistics() {
    return statistics;
  }

  /** Turns statistics on or off and registers or unregisters the statistics MXBean. */
  void setStatisticsEnabled(boolean enabled) {
    setStatisticsEnabledFlag(enabled);
    ObjectName objectName = MBeans.objectName(MBeans.Type.CacheStatistics, manager.getURI(),
        name);
    if (enabled) {
      MBeans.register(statistics, objectName);
    } else {
      MBeans.unregister(objectName);
    }
  }

  /** Turns management on or off and registers or unregisters the configuration MXBean. */
  void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
    }
    ObjectName objectName = MBeans.objectName(MBeans.Type.CacheConfiguration, manager.getURI(),
        name);
    if (enabled) {
      MBeans.register(new CacheConfigurationMXBean(
          () -> getConfiguration(CompleteConfiguration.class)), objectName);
    } else {
      MBeans.unregister(objectName);
    }
  }

  private void setStatisticsEnabledFlag(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
    }
    statisticsEnabled = enabled;
  }

  private StatsRecorder stats() {
    return statisticsEnabled ? statistics : StatsRecorder.NONE;
  }

  private long startTimer() {
    return statisticsEnabled ? System.nanoTime() : 0L;
  }

  private void recordGetTime(long start) {
    if (statisticsEnabled && start != 0L) {
      statistics.addGetTime(System.nanoTime() - start);
    }
  }

  private void recordPutTime(long start) {
    if (statisticsEnabled && start != 0L) {
      statistics.addPutTime(System.nanoTime() - start);
    }
  }

  private void recordRemoveTime(long start) {
    if (statisticsEnabled && start != 0L) {
      statistics.addRemoveTime(System.nanoTime() - start);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cache '" + name + "' is closed");
    }
  }

  private Binary keyOf(K key) {
    Objects.requireNonNull(key, "key");
    Binary binary = Binary.ofObject(key, codec);
    if (binary.bytes().length > RecordStore.MAX_KEY_SIZE) {
      throw new EntryTooLargeException("serialized key of " + key.getClass().getName(),
          binary.bytes().length, RecordStore.MAX_KEY_SIZE,
          "use a shorter key, for example a hash or id of the object");
    }
    return binary;
  }

  private Binary newValueOf(V value) {
    Objects.requireNonNull(value, "value");
    return Binary.ofObject(value, codec);
  }

  private Binary valueToCompare(V value) {
    Objects.requireNonNull(value, "value");
    return Binary.ofObject(value, codec);
  }

  private void checkTypes(K key, V value) {
    Class<K> keyType = configuration.getKeyType();
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("key of " + key.getClass().getName() + " is not an instance"
          + " of the key type " + keyType.getName() + " configured for cache '" + name + "'");
    }
    Class<V> valueType = configuration.getValueType();
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("value of " + value.getClass().getName() + " is not an"
          + " instance of the value type " + valueType.getName() + " configured for cache '"
          + name + "'");
    }
  }

  @SuppressWarnings("unchecked")
  private V valueOf(Binary value) {
    return value == null ? null : (V) value.copy(codec);
  }

  @SuppressWarnings("unchecked")
  private V decodeValue(byte[] bytes) {
    return bytes == null ? null : (V) codec.deserialize(bytes);
  }

  @SuppressWarnings("unchecked")
  private K decodeKey(Binary key) {
    return (K) key.copy(codec);
  }

  private static RuntimeException chain(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** Iterates the live entries in the batches the backend fetches. */
  private final class EntryIterator implements Iterator<Entry<K, V>> {

    private final Iterator<List<byte[][]>> batches;
    private Iterator<byte[][]> entries = java.util.Collections.emptyIterator();
    private Binary lastKey;

    EntryIterator(Iterator<List<byte[][]>> batches) {
      this.batches = batches;
    }

    @Override
    public boolean hasNext() {
      requireOpen();
      while (!entries.hasNext()) {
        if (!batches.hasNext()) {
          return false;
        }
        long start = startTimer();
        entries = batches.next().iterator();
        recordGetTime(start);
      }
      return true;
    }

    @Override
    public Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more entries in cache '" + name + "'");
      }
      byte[][] entry = entries.next();
      lastKey = Binary.ofBytes(entry[0]);
      return new PiglixEntry<>(decodeKey(lastKey), decodeValue(entry[1]));
    }

    @Override
    public void remove() {
      requireOpen();
      if (lastKey == null) {
        throw new IllegalStateException("call next() before remove()");
      }
      long start = startTimer();
      WriteResult result = backend.remove(lastKey, false, stats());
      if (result.applied()) {
        recordRemoveTime(start);
      }
      lastKey = null;
    }
  }
}
