package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Writes a {@link Class} value, such as a type an entry processor keeps in a field, as its
 * name. Reading loads the class without initializing it, and only when the allow list permits
 * it or it belongs to the JDK ({@code java.} and {@code javax.} packages), so a reference
 * never runs a static initializer or names an application class outside the list.
 */
final class ClassReferenceSerializer extends Serializer<Class<?>> {

  private final ClassAllowList allowList;
  private final ClassLoader classLoader;

  ClassReferenceSerializer(ClassAllowList allowList, ClassLoader classLoader) {
    this.allowList = allowList;
    this.classLoader = classLoader;
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, Class<?> type) {
    output.writeString(type.getName());
  }

  @Override
  public Class<?> read(Kryo kryo, Input input, Class<? extends Class<?>> ignored) {
    String name = input.readString();
    if (name == null) {
      throw new SerializationException("a class reference has no name");
    }
    if (!isJdk(name) && !allowList.allows(name)) {
      throw new ClassNotAllowedException(name);
    }
    switch (name) {
      case "int":
        return int.class;
      case "long":
        return long.class;
      case "boolean":
        return boolean.class;
      case "byte":
        return byte.class;
      case "short":
        return short.class;
      case "char":
        return char.class;
      case "float":
        return float.class;
      case "double":
        return double.class;
      case "void":
        return void.class;
      default:
        break;
    }
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SerializationException("class " + name + " named in serialized data was not"
          + " found by the cache manager's class loader: add it to the classpath of every"
          + " member", e);
    }
  }

  private static boolean isJdk(String name) {
    String element = name;
    while (element.startsWith("[")) {
      element = element.substring(1);
    }
    if (element.startsWith("L") && element.endsWith(";")) {
      element = element.substring(1, element.length() - 1);
    }
    return element.startsWith("java.") || element.startsWith("javax.")
        || element.indexOf('.') < 0;
  }
}
