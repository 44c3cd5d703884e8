package io.piglix.serialization;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application classes that may be serialized into a cache or decoded from another member.
 *
 * <p>An entry is either a package name, which allows the package and all its subpackages, or a
 * fully qualified class name. Arrays are allowed when their component type is allowed. The JDK
 * value types that {@link BuiltinRegistrations} lists are always allowed and need no entry.
 */
public final class ClassAllowList {

  private final Set<String> packages;
  private final Set<String> classNames;

  /** Creates an allow list from package names and fully qualified class names. */
  public ClassAllowList(Collection<String> packages, Collection<String> classNames) {
    this.packages = new TreeSet<>();
    for (String name : packages) {
      this.packages.add(requireName(name, "package"));
    }
    this.classNames = new TreeSet<>();
    for (String name : classNames) {
      this.classNames.add(requireName(name, "class"));
    }
  }

  /** Returns an allow list that allows no application class. */
  public static ClassAllowList empty() {
    return new ClassAllowList(List.of(), List.of());
  }

  /** Returns whether a class with this binary name (as {@link Class#getName()}) is allowed. */
  public boolean allows(String className) {
    String name = componentName(className);
    if (name == null) {
      return true;
    }
    if (classNames.contains(name)) {
      return true;
    }
    String outer = name;
    int dollar = outer.indexOf('$');
    if (dollar > 0) {
      outer = outer.substring(0, dollar);
      if (classNames.contains(outer)) {
        return true;
      }
    }
    int dot = outer.lastIndexOf('.');
    while (dot > 0) {
      outer = outer.substring(0, dot);
      if (packages.contains(outer)) {
        return true;
      }
      dot = outer.lastIndexOf('.');
    }
    return false;
  }

  /** The allowed package names, sorted. */
  public Set<String> packages() {
    return Set.copyOf(packages);
  }

  /** The allowed class names, sorted. */
  public Set<String> classNames() {
    return Set.copyOf(classNames);
  }

  /**
   * Returns the element class name of an array type name such as {@code [[Lcom.x.Y;}, the name
   * itself for a non-array, or null for arrays of primitives.
   */
  private static String componentName(String className) {
    if (!className.startsWith("[")) {
      return className;
    }
    int start = 0;
    while (start < className.length() && className.charAt(start) == '[') {
      start++;
    }
    if (className.charAt(start) != 'L') {
      return null;
    }
    return className.substring(start + 1, className.length() - 1);
  }

  private static String requireName(String name, String kind) {
    Objects.requireNonNull(name, kind + " name");
    String trimmed = name.trim();
    if (trimmed.isEmpty() || trimmed.contains("*") || trimmed.contains("/")) {
      throw new IllegalArgumentException("invalid " + kind + " name in the serialization allow"
          + " list, expected a dotted Java name such as com.example.model: '" + name + "'");
    }
    return trimmed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClassAllowList
        && ((ClassAllowList) other).packages.equals(packages)
        && ((ClassAllowList) other).classNames.equals(classNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(packages, classNames);
  }

  @Override
  public String toString() {
    return "ClassAllowList{packages=" + packages + ", classes=" + classNames + "}";
  }
}
