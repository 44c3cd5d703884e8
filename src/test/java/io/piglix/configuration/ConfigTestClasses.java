package io.piglix.configuration;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/** Loaders, writers, listeners and factories that the test configuration files name. */
public final class ConfigTestClasses {

  private ConfigTestClasses() {
  }

  /** Loads "loaded:" + key. */
  public static final class Loader implements CacheLoader<Object, Object> {

    @Override
    public Object load(Object key) {
      return "loaded:" + key;
    }

    @Override
    public Map<Object, Object> loadAll(Iterable<?> keys) {
      Map<Object, Object> values = new HashMap<>();
      for (Object key : keys) {
        values.put(key, load(key));
      }
      return values;
    }
  }

  /** Creates a {@link Loader}. */
  public static final class LoaderFactory implements Factory<CacheLoader<Object, Object>> {

    private static final long serialVersionUID = 1L;

    @Override
    public CacheLoader<Object, Object> create() {
      return new Loader();
    }
  }

  /** Accepts every write and removal without storing anything. */
  public static final class Writer implements CacheWriter<Object, Object> {

    @Override
    public void write(javax.cache.Cache.Entry<?, ?> entry) {
    }

    @Override
    public void writeAll(Collection<javax.cache.Cache.Entry<?, ?>> entries) {
      entries.clear();
    }

    @Override
    public void delete(Object key) {
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.clear();
    }
  }

  /** Creates a {@link Writer}. */
  public static final class WriterFactory implements Factory<CacheWriter<Object, Object>> {

    private static final long serialVersionUID = 1L;

    @Override
    public CacheWriter<Object, Object> create() {
      return new Writer();
    }
  }

  /** Ignores created events. */
  public static final class Listener implements CacheEntryCreatedListener<Object, Object> {

    @Override
    public void onCreated(Iterable<CacheEntryEvent<?, ?>> events) {
    }
  }

  /** Creates a {@link Listener}. */
  public static final class ListenerFactory
      implements Factory<CacheEntryListener<Object, Object>> {

    private static final long serialVersionUID = 1L;

    @Override
    public CacheEntryListener<Object, Object> create() {
      return new Listener();
    }
  }

  /** Passes every event. */
  public static final class Filter implements CacheEntryEventFilter<Object, Object> {

    @Override
    public boolean evaluate(CacheEntryEvent<?, ?> event) {
      return true;
    }
  }

  /** Creates a {@link Filter}. */
  public static final class FilterFactory
      implements Factory<CacheEntryEventFilter<Object, Object>> {

    private static final long serialVersionUID = 1L;

    @Override
    public CacheEntryEventFilter<Object, Object> create() {
      return new Filter();
    }
  }

  /** A factory whose constructor fails. */
  public static final class FailingFactory implements Factory<CacheLoader<Object, Object>> {

    private static final long serialVersionUID = 1L;

    /** Fails as a factory without its resources would. */
    public FailingFactory() {
      throw new IllegalStateException("no database configured");
    }

    @Override
    public CacheLoader<Object, Object> create() {
      return new Loader();
    }
  }

  /** A loader that cannot be created by name because it has no no-arg constructor. */
  public static final class LoaderWithArgument implements CacheLoader<Object, Object> {

    private final String prefix;

    /** Creates a loader that prefixes keys. */
    public LoaderWithArgument(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Object load(Object key) {
      return prefix + key;
    }

    @Override
    public Map<Object, Object> loadAll(Iterable<?> keys) {
      return Map.of();
    }
  }
}
