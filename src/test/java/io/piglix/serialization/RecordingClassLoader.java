package io.piglix.serialization;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A class loader that delegates to its parent and records every class name requested. */
final class RecordingClassLoader extends ClassLoader {

  private final List<String> requested = new CopyOnWriteArrayList<>();

  RecordingClassLoader(ClassLoader parent) {
    super(parent);
  }

  /** The class names requested so far, in order. */
  List<String> requested() {
    return requested;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    requested.add(name);
    return super.loadClass(name, resolve);
  }
}
