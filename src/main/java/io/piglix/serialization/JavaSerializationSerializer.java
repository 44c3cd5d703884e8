package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.util.function.Predicate;

/**
 * Serializes a class with its own {@code writeObject}, {@code readObject}, {@code writeReplace}
 * or {@code readResolve} methods through Java serialization, so that custom logic (for example
 * fields rebuilt from transient state) runs as the class expects.
 *
 * <p>Decoding checks every class name in the stream before loading the class, rejects proxy
 * classes, and applies an {@link ObjectInputFilter} that accepts only classes the allow list or
 * the built-in registrations permit and bounds depth, array lengths and stream size. Encoding
 * rejects the same classes, and stops as soon as the stream passes the maximum object size.
 */
final class JavaSerializationSerializer extends Serializer<Object> {

  private final ObjectInputFilter filter;
  private final Predicate<String> allowedName;
  private final ClassLoader classLoader;
  private final int maxBytes;

  /**
   * Creates a serializer.
   *
   * @param filter the filter applied to every decoded stream
   * @param allowedName whether a binary class name may be loaded while decoding
   * @param classLoader the loader for classes named in a stream
   * @param maxBytes the largest stream written, in bytes
   */
  JavaSerializationSerializer(ObjectInputFilter filter, Predicate<String> allowedName,
      ClassLoader classLoader, int maxBytes) {
    this.filter = filter;
    this.allowedName = allowedName;
    this.classLoader = classLoader;
    this.maxBytes = maxBytes;
  }

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    BoundedByteArrayOutputStream bytes = new BoundedByteArrayOutputStream(maxBytes);
    String rejected;
    try (CheckedObjectOutputStream stream = new CheckedObjectOutputStream(bytes, allowedName)) {
      stream.writeObject(object);
      rejected = stream.rejectedClass();
    } catch (IOException e) {
      throw new KryoException("Java serialization of " + object.getClass().getName()
          + " failed: " + e.getMessage(), e);
    }
    if (rejected != null) {
      throw new ClassNotAllowedException(rejected);
    }
    output.writeVarInt(bytes.size(), true);
    output.writeBytes(bytes.toByteArray());
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    int length = input.readVarInt(true);
    byte[] bytes = input.readBytes(length);
    FilteredObjectInputStream stream = null;
    try {
      stream = new FilteredObjectInputStream(new ByteArrayInputStream(bytes), allowedName,
          classLoader, filter);
      return stream.readObject();
    } catch (IOException | ClassNotFoundException e) {
      String rejection = stream == null ? null : stream.rejection();
      throw new KryoException("Java deserialization of " + type.getName() + " failed: "
          + (rejection == null ? e.getMessage() : rejection), e);
    }
  }

  /**
   * Records the first class written that the reading side would reject, so a value that could
   * not be read back is rejected when it is stored.
   *
   * <p>The class is recorded rather than rejected on the spot: when a {@code writeObject}
   * method fails, the stream writes the exception before rethrowing it, and rejecting the
   * exception's classes there would hide the real failure.
   */
  private static final class CheckedObjectOutputStream extends ObjectOutputStream {

    private final Predicate<String> allowedName;
    private String rejectedClass;

    CheckedObjectOutputStream(OutputStream out, Predicate<String> allowedName)
        throws IOException {
      super(out);
      this.allowedName = allowedName;
    }

    /** Returns the element class name of the first rejected class, or null. */
    String rejectedClass() {
      return rejectedClass;
    }

    @Override
    protected void annotateClass(Class<?> type) {
      if (rejectedClass == null && !allowedName.test(type.getName())) {
        Class<?> element = type;
        while (element.isArray()) {
          element = element.getComponentType();
        }
        rejectedClass = element.getName();
      }
    }

    @Override
    protected void annotateProxyClass(Class<?> type) throws IOException {
      throw new NotSerializableException("proxy class " + type.getName() + " cannot be"
          + " serialized because piglix never deserializes proxy classes");
    }
  }

  /** Resolves only allowed class names, through the cache manager's class loader. */
  private static final class FilteredObjectInputStream extends ObjectInputStream {

    private final Predicate<String> allowedName;
    private final ClassLoader classLoader;
    private String rejection;

    FilteredObjectInputStream(InputStream in, Predicate<String> allowedName,
        ClassLoader classLoader, ObjectInputFilter filter) throws IOException {
      super(in);
      this.allowedName = allowedName;
      this.classLoader = classLoader;
      setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = filter.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED && rejection == null) {
          rejection = describeRejection(info);
        }
        return status;
      });
    }

    /** Describes the first input the filter rejected, or returns null when none was. */
    String rejection() {
      return rejection;
    }

    private static String describeRejection(ObjectInputFilter.FilterInfo info) {
      Class<?> type = info.serialClass();
      if (type != null && info.arrayLength() < 0) {
        return "class " + type.getName() + " is not allowed for serialization: add it to the"
            + " <serialization> allow list of the piglix configuration";
      }
      return "stream exceeds a limit (depth " + info.depth() + ", array length "
          + info.arrayLength() + ", " + info.streamBytes() + " bytes)";
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description)
        throws IOException, ClassNotFoundException {
      String name = description.getName();
      if (!allowedName.test(name)) {
        throw new InvalidClassException(name, "class is not allowed for serialization: add"
            + " it to the <serialization> allow list of the piglix configuration");
      }
      try {
        return Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(description);
      }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
      throw new InvalidClassException("proxy classes are never deserialized: "
          + String.join(", ", interfaces));
    }
  }

  /** A byte array stream that fails once it would contain more than a maximum number of bytes. */
  private static final class BoundedByteArrayOutputStream extends ByteArrayOutputStream {

    private final int maxBytes;

    BoundedByteArrayOutputStream(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public synchronized void write(int b) {
      requireRoom(1);
      super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      requireRoom(len);
      super.write(b, off, len);
    }

    private void requireRoom(int length) {
      if ((long) count + length > maxBytes) {
        throw new KryoBufferOverflowException("Java serialization stream exceeds the maximum"
            + " object size of " + maxBytes + " bytes");
      }
    }
  }
}
