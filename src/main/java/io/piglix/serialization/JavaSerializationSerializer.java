package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Serializes a class with its own {@code writeObject}, {@code readObject}, {@code writeReplace}
 * or {@code readResolve} methods through Java serialization, so that custom logic (for example
 * fields rebuilt from transient state) runs as the class expects.
 *
 * <p>Decoding applies an {@link ObjectInputFilter} that accepts only classes the allow list or
 * the built-in registrations permit, and bounds depth, references and stream size.
 */
final class JavaSerializationSerializer extends Serializer<Object> {

  private final ObjectInputFilter filter;
  private final ClassLoader classLoader;

  JavaSerializationSerializer(ObjectInputFilter filter, ClassLoader classLoader) {
    this.filter = filter;
    this.classLoader = classLoader;
  }

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream stream = new ObjectOutputStream(bytes)) {
      stream.writeObject(object);
    } catch (IOException e) {
      throw new KryoException("Java serialization of " + object.getClass().getName()
          + " failed: " + e.getMessage(), e);
    }
    output.writeVarInt(bytes.size(), true);
    output.writeBytes(bytes.toByteArray());
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    int length = input.readVarInt(true);
    byte[] bytes = input.readBytes(length);
    try (ObjectInputStream stream = new FilteredObjectInputStream(
        new ByteArrayInputStream(bytes), classLoader)) {
      stream.setObjectInputFilter(filter);
      return stream.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new KryoException("Java deserialization of " + type.getName() + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Resolves classes through the cache manager's class loader. */
  private static final class FilteredObjectInputStream extends ObjectInputStream {

    private final ClassLoader classLoader;

    FilteredObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(description.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(description);
      }
    }
  }
}
