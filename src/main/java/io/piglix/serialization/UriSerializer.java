package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.net.URI;

/** Writes a {@link URI} as its string form; reflection on its fields is closed on Java 17. */
final class UriSerializer extends Serializer<URI> {

  UriSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, URI uri) {
    output.writeString(uri.toString());
  }

  @Override
  public URI read(Kryo kryo, Input input, Class<? extends URI> type) {
    return URI.create(input.readString());
  }
}
