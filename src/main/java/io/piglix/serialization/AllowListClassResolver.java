package io.piglix.serialization;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.ObjectMap;
import com.esotericsoftware.kryo.util.Util;
import java.util.HashSet;
import java.util.Set;

/**
 * Resolves classes written by name only when the allow list permits them.
 *
 * <p>Registered classes travel as their fixed id. Other classes travel as their name, and the
 * name is checked against the allow list before any class is loaded, so bytes from another
 * member can never make this JVM load or instantiate a class outside the list. An array is
 * allowed when its element type is allowed or registered, so {@code Integer[]} and
 * {@code String[][]} need no allow-list entry.
 */
final class AllowListClassResolver extends DefaultClassResolver {

  private final ClassAllowList allowList;
  private final ClassLoader classLoader;
  private final boolean namesAccepted;
  private final Set<String> registeredNames = new HashSet<>();

  /**
   * Creates a resolver.
   *
   * @param namesAccepted whether allowed classes may travel by name. When false, every class
   *     name in the bytes is rejected before it is looked up, so only registered ids decode
   */
  AllowListClassResolver(ClassAllowList allowList, ClassLoader classLoader,
      boolean namesAccepted) {
    this.allowList = allowList;
    this.classLoader = classLoader;
    this.namesAccepted = namesAccepted;
  }

  @Override
  public Registration register(Registration registration) {
    Registration registered = super.register(registration);
    Class<?> type = registration.getType();
    registeredNames.add(type.getName());
    if (type.isPrimitive()) {
      registeredNames.add(Util.getWrapperClass(type).getName());
    }
    return registered;
  }

  @Override
  public Registration registerImplicit(Class type) {
    Class<?> element = elementType(type);
    if (!isAllowed(element)) {
      throw new ClassNotAllowedException(element.getName());
    }
    return super.registerImplicit(type);
  }

  @Override
  protected Class getTypeByName(String className) {
    if (!namesAccepted) {
      throw new SerializationException("class " + className + " is named in a cluster"
          + " message, which may contain registered classes only; the sender is not a piglix"
          + " member of the same version, or the bytes are corrupt");
    }
    Class<?> known = nameToClass == null ? null : nameToClass.get(className);
    if (known != null) {
      return known;
    }
    if (!isAllowedName(className)) {
      throw new ClassNotAllowedException(className);
    }
    Class<?> type;
    try {
      type = Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SerializationException("class " + className + " named in serialized data was"
          + " not found by the cache manager's class loader: add it to the classpath of every"
          + " member", e);
    }
    if (nameToClass == null) {
      nameToClass = new ObjectMap<>();
    }
    nameToClass.put(className, type);
    return type;
  }

  private boolean isAllowed(Class<?> element) {
    if (element.isPrimitive()) {
      return true;
    }
    Class<?> checked = element;
    if (Enum.class.isAssignableFrom(checked) && !checked.isEnum()) {
      checked = checked.getSuperclass();
    }
    return registeredNames.contains(checked.getName()) || allowList.allows(checked.getName());
  }

  /**
   * Returns whether a binary class name, possibly of an array such as {@code [Ljava.lang.Long;},
   * names an allowed class, without loading it.
   */
  private boolean isAllowedName(String className) {
    if (allowList.allows(className)) {
      return true;
    }
    String element = className;
    if (className.startsWith("[")) {
      int start = className.lastIndexOf('[') + 1;
      if (start + 2 > className.length() || className.charAt(start) != 'L'
          || !className.endsWith(";")) {
        return false;
      }
      element = className.substring(start + 1, className.length() - 1);
    }
    return registeredNames.contains(element);
  }

  private static Class<?> elementType(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return element;
  }
}
