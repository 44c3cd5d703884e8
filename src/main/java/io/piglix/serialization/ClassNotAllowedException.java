package io.piglix.serialization;

/** A class outside the serialization allow list was written or named in received bytes. */
public final class ClassNotAllowedException extends SerializationException {

  private static final long serialVersionUID = 1L;

  private final String className;

  /** Creates an exception for the named class. */
  public ClassNotAllowedException(String className) {
    super("class " + className + " is not allowed for serialization: add"
        + " <allow-package name=\"" + packageOf(className) + "\"/> or <allow-class name=\""
        + className + "\"/> to the <serialization> element of the piglix configuration,"
        + " or register it with a fixed id");
    this.className = className;
  }

  /** The binary name of the rejected class. */
  public String className() {
    return className;
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? className : className.substring(0, dot);
  }
}
