package io.piglix.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Writes an {@link InetAddress} as its raw bytes and the host name it was created with, if
 * any; reflection on its fields is closed on Java 17. Decoding never resolves a name.
 */
final class InetAddressSerializer extends Serializer<InetAddress> {

  InetAddressSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, InetAddress address) {
    byte[] raw = address.getAddress();
    output.writeVarInt(raw.length, true);
    output.writeBytes(raw);
    String text = address.toString();
    int slash = text.indexOf('/');
    output.writeString(slash > 0 ? text.substring(0, slash) : null);
  }

  @Override
  public InetAddress read(Kryo kryo, Input input, Class<? extends InetAddress> type) {
    int length = input.readVarInt(true);
    if (length != 4 && length != 16) {
      throw new KryoException("invalid IP address length " + length);
    }
    byte[] raw = input.readBytes(length);
    String host = input.readString();
    try {
      return InetAddress.getByAddress(host, raw);
    } catch (UnknownHostException e) {
      throw new KryoException("invalid IP address of " + length + " bytes", e);
    }
  }
}
