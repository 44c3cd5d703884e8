package io.piglix.serialization;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.ObjectMap;

/**
 * Resolves classes written by name only when the allow list permits them.
 *
 * <p>Registered classes travel as their fixed id. Other classes travel as their name, and the
 * name is checked against the allow list before any class is loaded, so bytes from another
 * member can never make this JVM load or instantiate a class outside the list.
 */
final class AllowListClassResolver extends DefaultClassResolver {

  private final ClassAllowList allowList;
  private final ClassLoader classLoader;

  AllowListClassResolver(ClassAllowList allowList, ClassLoader classLoader) {
    this.allowList = allowList;
    this.classLoader = classLoader;
  }

  @Override
  public Registration registerImplicit(Class type) {
    if (!isAllowed(type)) {
      throw new ClassNotAllowedException(type.getName());
    }
    return super.registerImplicit(type);
  }

  @Override
  protected Class getTypeByName(String className) {
    Class<?> known = nameToClass == null ? null : nameToClass.get(className);
    if (known != null) {
      return known;
    }
    if (!allowList.allows(className)) {
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

  private boolean isAllowed(Class<?> type) {
    Class<?> checked = type;
    while (checked.isArray()) {
      checked = checked.getComponentType();
    }
    if (checked.isPrimitive()) {
      return true;
    }
    if (Enum.class.isAssignableFrom(checked) && !checked.isEnum()) {
      checked = checked.getSuperclass();
    }
    return allowList.allows(checked.getName());
  }
}
