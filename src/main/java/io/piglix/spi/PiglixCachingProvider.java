package io.piglix.spi;

import io.piglix.PiglixCacheManager;
import io.piglix.PiglixMember;
import io.piglix.configuration.ConfigLoader;
import io.piglix.configuration.PiglixConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The piglix JSR-107 caching provider, found by {@code Caching.getCachingProvider()}.
 *
 * <p>Cache managers are kept per class loader and URI in this provider instance. A manager URI
 * of the form {@code classpath:...}, {@code file:...} or {@code jar:...} names a piglix
 * configuration file; any other URI names a manager that uses the default configuration. The
 * default URI is the value of the system property {@code piglix.config} when set, else
 * {@code classpath:piglix.xml}
 * when the default class loader finds that resource, else the configuration built into the
 * jar, a standalone member.
 */
public final class PiglixCachingProvider implements CachingProvider {

  /** System property naming the default configuration URI. */
  public static final String CONFIG_PROPERTY = "piglix.config";

  /** The configuration used when no file is given. */
  public static final URI BUILT_IN_URI = URI.create("classpath:io/piglix/piglix-default.xml");

  private final Map<ClassLoader, Map<URI, PiglixCacheManager>> managers = new WeakHashMap<>();
  private final Map<URI, PiglixMember> members = new HashMap<>();

  @Override
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader,
      Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, PiglixCacheManager> byUri = managers.computeIfAbsent(loader, k -> new HashMap<>());
    PiglixCacheManager manager = byUri.get(managerUri);
    if (manager == null) {
      URI configUri = ConfigLoader.isConfigurationUri(managerUri) ? managerUri
          : getDefaultURI();
      PiglixMember member = acquireMember(configUri, loader);
      try {
        manager = new PiglixCacheManager(this, managerUri, loader, properties, member);
      } catch (RuntimeException | Error e) {
        releaseMember(member);
        throw e;
      }
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  /**
   * Returns the cache manager for a URI and class loader whose member uses a configuration
   * built in code rather than read from a file. Managers with the same URI share the member;
   * the configuration applies when the first of them starts it.
   */
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader,
      PiglixConfig config) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, PiglixCacheManager> byUri = managers.computeIfAbsent(loader, k -> new HashMap<>());
    PiglixCacheManager manager = byUri.get(uri);
    if (manager == null) {
      PiglixMember member = members.get(uri);
      if (member == null || member.isClosed()) {
        member = new PiglixMember(config, loader);
        members.put(uri, member);
      }
      member.acquire();
      try {
        manager = new PiglixCacheManager(this, uri, loader, new Properties(), member);
      } catch (RuntimeException | Error e) {
        releaseMember(member);
        throw e;
      }
      byUri.put(uri, manager);
    }
    return manager;
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : PiglixCachingProvider.class.getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    String configured = System.getProperty(CONFIG_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return URI.create(configured.trim());
    }
    if (getDefaultClassLoader().getResource("piglix.xml") != null) {
      return URI.create("classpath:piglix.xml");
    }
    return BUILT_IN_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public void close() {
    List<PiglixCacheManager> toClose = new ArrayList<>();
    synchronized (this) {
      for (Map<URI, PiglixCacheManager> byUri : managers.values()) {
        toClose.addAll(byUri.values());
      }
    }
    closeAll(toClose);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<PiglixCacheManager> toClose = new ArrayList<>();
    synchronized (this) {
      Map<URI, PiglixCacheManager> byUri = managers.get(loader);
      if (byUri != null) {
        toClose.addAll(byUri.values());
      }
    }
    closeAll(toClose);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    PiglixCacheManager manager;
    synchronized (this) {
      Map<URI, PiglixCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.get(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature feature) {
    return false;
  }

  /** Forgets a manager that is closing; called by the manager. */
  public synchronized void release(PiglixCacheManager manager) {
    ClassLoader loader = manager.getClassLoader();
    Map<URI, PiglixCacheManager> byUri = managers.get(loader);
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
      if (byUri.isEmpty()) {
        managers.remove(loader);
      }
    }
  }

  /** Releases a manager's reference to its member, stopping the member after the last one. */
  public synchronized void releaseMember(PiglixMember member) {
    if (member.release()) {
      members.values().remove(member);
    }
  }

  private PiglixMember acquireMember(URI configUri, ClassLoader loader) {
    PiglixMember member = members.get(configUri);
    if (member != null && member.isClosed()) {
      members.remove(configUri);
      member = null;
    }
    if (member == null) {
      PiglixConfig config = ConfigLoader.load(configUri, loader);
      member = new PiglixMember(config, loader);
      members.put(configUri, member);
    }
    member.acquire();
    return member;
  }

  private static void closeAll(List<PiglixCacheManager> toClose) {
    RuntimeException failure = null;
    for (PiglixCacheManager manager : toClose) {
      try {
        manager.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
