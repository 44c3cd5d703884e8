package io.piglix.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers cache MXBeans in the platform MBean server under the JSR-107 object names. */
public final class MBeans {

  private static final Logger LOG = LoggerFactory.getLogger(MBeans.class);

  /** The two JSR-107 bean types. */
  public enum Type {
    /** The {@link javax.cache.management.CacheMXBean}. */
    CacheConfiguration,
    /** The {@link javax.cache.management.CacheStatisticsMXBean}. */
    CacheStatistics
  }

  private MBeans() {
  }

  /**
   * Returns the standard name
   * {@code javax.cache:type=<type>,CacheManager=<uri>,Cache=<name>}, with characters that are
   * invalid in object names ({@code , : = \n}) replaced by dots.
   */
  public static ObjectName objectName(Type type, URI managerUri, String cacheName) {
    String name = "javax.cache:type=" + type + ",CacheManager=" + safe(managerUri.toString())
        + ",Cache=" + safe(cacheName);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("invalid MBean name " + name, e);
    }
  }

  /**
   * Returns the name {@code io.piglix:type=Pool,name=<cluster>,member=<address>} of a member's
   * {@link PoolMXBean}. The characters {@code , : = * ? " \} and line breaks become dots. The
   * member's JGroups address keeps apart the beans of several members in one JVM.
   */
  public static ObjectName poolObjectName(String clusterName, String memberAddress) {
    String name = "io.piglix:type=Pool,name=" + poolSafe(clusterName) + ",member="
        + poolSafe(memberAddress);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("invalid MBean name " + name, e);
    }
  }

  /** Registers a bean unless one is already registered under the name. */
  public static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      LOG.debug("MBean {} is already registered", name);
    } catch (JMException e) {
      throw new CacheException("cannot register MBean " + name + ": " + e.getMessage(), e);
    }
  }

  /** Unregisters a bean if it is registered. */
  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      LOG.debug("MBean {} was already unregistered", name);
    } catch (JMException e) {
      throw new CacheException("cannot unregister MBean " + name + ": " + e.getMessage(), e);
    }
  }

  private static String poolSafe(String text) {
    return safe(text).replaceAll("[*?\"\\\\]", ".");
  }

  private static String safe(String text) {
    return text == null ? "" : text.replaceAll("[,:=\n]", ".");
  }
}
