package io.piglix.internal;

import io.piglix.partition.KeyHash;
import io.piglix.serialization.KryoCodec;
import java.util.Arrays;

/**
 * A serialized key or value, with the object it was made from (or decoded into) when this
 * member has it.
 *
 * <p>Keys are compared by their bytes: equal keys must serialize to equal bytes, which holds
 * for strings, numbers, records and plain objects, but not for hash-ordered collections.
 */
public final class Binary {

  private final byte[] bytes;
  private Object object;
  private boolean hasObject;
  private int hash;
  private boolean hasHash;

  private Binary(byte[] bytes, Object object, boolean hasObject) {
    this.bytes = bytes;
    this.object = object;
    this.hasObject = hasObject;
  }

  /** Wraps bytes whose object is decoded on first use. */
  public static Binary ofBytes(byte[] bytes) {
    return new Binary(bytes, null, false);
  }

  /** Serializes an object and keeps it alongside its bytes. */
  public static Binary ofObject(Object object, KryoCodec codec) {
    return new Binary(codec.serialize(object), object, true);
  }

  /** Wraps bytes together with the object they encode. */
  public static Binary of(byte[] bytes, Object object) {
    return new Binary(bytes, object, true);
  }

  /** The serialized form. Callers must not modify the array. */
  public byte[] bytes() {
    return bytes;
  }

  /** Returns the object, decoding the bytes on first use. */
  public Object object(KryoCodec codec) {
    if (!hasObject) {
      object = codec.deserialize(bytes);
      hasObject = true;
    }
    return object;
  }

  /** Returns a fresh copy of the object decoded from the bytes, never the cached object. */
  public Object copy(KryoCodec codec) {
    return codec.deserialize(bytes);
  }

  /** The stable hash of the bytes, as {@link KeyHash#of(byte[])}. */
  public int hash() {
    if (!hasHash) {
      hash = KeyHash.of(bytes);
      hasHash = true;
    }
    return hash;
  }

  /** Returns whether two binaries hold equal bytes. */
  public boolean sameBytes(Binary other) {
    return Arrays.equals(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Binary && Arrays.equals(bytes, ((Binary) other).bytes);
  }

  @Override
  public int hashCode() {
    return hash();
  }

  @Override
  public String toString() {
    return "Binary[" + bytes.length + " bytes]";
  }
}
