package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;

/**
 * Wraps Kryo's object array serializer and rejects an element count larger than the bytes
 * left, before the array is allocated.
 *
 * <p>Kryo 5.7 checks the declared length of primitive arrays, strings and string arrays
 * against the input, and clamps collection and map counts with {@link Input#clampSize}, but
 * its object array serializer allocates whatever length it reads: a few crafted bytes could
 * make it allocate gigabytes. Every element takes at least one byte, so a count above the bytes
 * left is always malformed.
 */
final class CheckedObjectArraySerializer<T> extends Serializer<T> {

  private final Serializer<T> delegate;

  private CheckedObjectArraySerializer(Serializer<T> delegate) {
    super(delegate.getAcceptsNull(), delegate.isImmutable());
    this.delegate = delegate;
  }

  /** Returns the serializer wrapped when it is Kryo's object array serializer. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Serializer wrapIfObjectArray(Serializer serializer) {
    if (serializer instanceof ObjectArraySerializer) {
      return new CheckedObjectArraySerializer(serializer);
    }
    return serializer;
  }

  @Override
  public void write(Kryo kryo, Output output, T array) {
    delegate.write(kryo, output, array);
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> type) {
    int start = input.position();
    long count = input.readVarInt(true) - 1L;
    int left = input.limit() - input.position();
    input.setPosition(start);
    if (count > left) {
      throw new KryoException("malformed data: " + type.getName() + " of " + count
          + " elements at byte " + start + " exceeds the " + left + " bytes left");
    }
    return delegate.read(kryo, input, type);
  }

  @Override
  public T copy(Kryo kryo, T original) {
    return delegate.copy(kryo, original);
  }
}
