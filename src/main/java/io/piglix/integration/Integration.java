package io.piglix.integration;

import java.util.Collection;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls loaders and writers, wrapping their failures in the JSR-107 exception types: a
 * {@link CacheLoaderException} or {@link CacheWriterException} passes through, any other
 * exception is wrapped in one.
 */
public final class Integration {

  private Integration() {
  }

  /** Loads one key. */
  public static Object load(CacheLoader<Object, Object> loader, Object key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("cache loader " + loader + " failed to load a key", e);
    }
  }

  /** Loads several keys. */
  public static Map<Object, Object> loadAll(CacheLoader<Object, Object> loader,
      Iterable<Object> keys) {
    try {
      return loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("cache loader " + loader + " failed to load keys", e);
    }
  }

  /** Writes one entry. */
  public static void write(CacheWriter<Object, Object> writer, Cache.Entry<Object, Object> entry) {
    try {
      writer.write(entry);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("cache writer " + writer + " failed to write an entry", e);
    }
  }

  /**
   * Writes several entries. The writer removes what it wrote from the collection, so on
   * failure the collection holds the entries that were not written.
   */
  public static void writeAll(CacheWriter<Object, Object> writer,
      Collection<Cache.Entry<?, ?>> entries) {
    try {
      writer.writeAll(entries);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("cache writer " + writer + " failed to write entries", e);
    }
  }

  /** Deletes one key. */
  public static void delete(CacheWriter<Object, Object> writer, Object key) {
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("cache writer " + writer + " failed to delete a key", e);
    }
  }

  /**
   * Deletes several keys. The writer removes what it deleted from the collection, so on
   * failure the collection holds the keys that were not deleted.
   */
  public static void deleteAll(CacheWriter<Object, Object> writer, Collection<?> keys) {
    try {
      writer.deleteAll(keys);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("cache writer " + writer + " failed to delete keys", e);
    }
  }
}
