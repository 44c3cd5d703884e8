package io.piglix.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.piglix.configuration.MemberRole;
import io.piglix.engine.Mutation;
import io.piglix.engine.PutMode;
import io.piglix.management.StatsDelta;
import io.piglix.serialization.KryoCodec;
import io.piglix.serialization.SerializationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.jgroups.Address;
import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.UUID;
import org.jgroups.util.Util;

/**
 * Encodes messages between members into frames, and checks every frame from the network
 * before it is decoded.
 *
 * <p>A frame is a format version byte, the CRC32C of the body as a big-endian int, and the
 * body: the Kryo encoding of a {@link Messages} record. The body may contain registered
 * classes only, each identified by a fixed id that is identical on every member, so no class
 * name ever travels in a frame and no application class can appear outside an opaque byte
 * array. A frame from the network is rejected when it is shorter than the header, longer
 * than {@link #maxFrameBytes()}, of another version, fails its checksum, names a class or an
 * unregistered id, or nests deeper than {@link KryoCodec#MESSAGE_MAX_DEPTH}.
 */
final class Frames {

  /** The frame format this member writes and reads; version 1 had no checksum. */
  static final byte FORMAT_VERSION = 2;

  /** Bytes before the body: the version and the CRC32C. */
  static final int HEADER_BYTES = 1 + Integer.BYTES;

  private final KryoCodec codec;
  private final int maxFrameBytes;

  Frames(KryoCodec codec) {
    this.codec = codec;
    // The codec never writes a body larger than the maximum object size.
    this.maxFrameBytes = HEADER_BYTES + codec.config().maxObjectSize();
  }

  /** The largest frame this member accepts: the header and a body of the maximum object size. */
  int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** Registers the message classes with the member codec; call before its first use. */
  static void registerMessages(KryoCodec codec) {
    Class<?>[] types = {
        Messages.MemberInfo.class, Messages.Hello.class, Messages.Ack.class,
        Messages.Rejected.class, Messages.TableUpdate.class, Messages.StateQuery.class,
        Messages.StateReply.class, Messages.CacheCreate.class, Messages.CacheDestroy.class,
        Messages.PoolStateRequest.class, Messages.PoolState.class,
        Messages.ListenerPresence.class, Messages.MigrateRequest.class,
        Messages.SyncBegin.class, Messages.SyncData.class, Messages.SyncEnd.class,
        Messages.Handoff.class, Messages.BecomeOwner.class, Messages.LeaveRequest.class,
        Messages.Replicate.class, Messages.CacheRequest.class, Messages.CacheReply.class,
        Messages.EventBatch.class, Messages.WireEvent.class, Messages.ThrowableData.class,
        Messages.GetOp.class, Messages.GetAllOp.class, Messages.ContainsKeyOp.class,
        Messages.PutOp.class, Messages.ReplaceOp.class, Messages.RemoveOp.class,
        Messages.RemoveIfEqualsOp.class, Messages.PutAllOp.class, Messages.RemoveAllOp.class,
        Messages.InvokeOp.class, Messages.LoadAllOp.class, Messages.ScanOp.class,
        Messages.RemoveOwnedOp.class, Messages.ClearOp.class, Messages.EntriesResult.class,
        Messages.WriteOutcome.class, Messages.ScanResult.class, Mutation.class, PutMode.class,
        StatsDelta.class, MemberRole.class, UUID.class, ExtendedUUID.class, int[][].class,
        Messages.InvokeAllOp.class, Messages.InvokeAllResult.class, Messages.Copied.class,
        // Cache configurations travel in CacheCreate.
        Object.class, MutableConfiguration.class, FactoryBuilder.ClassFactory.class,
        FactoryBuilder.SingletonFactory.class, Duration.class, CreatedExpiryPolicy.class,
        AccessedExpiryPolicy.class, ModifiedExpiryPolicy.class, TouchedExpiryPolicy.class,
        EternalExpiryPolicy.class, MutableCacheEntryListenerConfiguration.class,
        Messages.StatusRequest.class, MemberStatus.class, CacheStatus.class,
        Messages.RebalanceRequest.class, Messages.CapacityQuery.class,
        Messages.CapacityOrders.class, io.piglix.eviction.EvictionPlanner.MemberUsage.class,
        io.piglix.eviction.EvictionPlanner.CacheUsage.class,
        io.piglix.eviction.HeatHistogram.class, io.piglix.eviction.EvictionPolicy.class,
        Messages.AccessUpdates.class, Messages.MergeRequest.class, Messages.MergeData.class,
        Messages.MergeCounts.class, Messages.Discard.class
    };
    int id = 300;
    for (Class<?> type : types) {
      codec.registerInternal(id++, type);
    }
    codec.addSerializer(Address.class, new AddressSerializer());
  }

  /**
   * Encodes a message into a frame.
   *
   * @throws SerializationException when the message contains an unregistered class or is
   *     larger than the maximum object size
   */
  byte[] encode(Object message) {
    byte[] body = codec.serializeMessage(message);
    byte[] frame = new byte[HEADER_BYTES + body.length];
    frame[0] = FORMAT_VERSION;
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer.wrap(frame, 1, Integer.BYTES).putInt((int) crc.getValue());
    System.arraycopy(body, 0, frame, HEADER_BYTES, body.length);
    return frame;
  }

  /**
   * Checks and decodes a frame.
   *
   * @throws SerializationException when the frame is too short or too long, of another format
   *     version, fails its checksum, or is not a valid encoding of a message
   */
  Object decode(byte[] frame, int offset, int length) {
    if (length <= HEADER_BYTES) {
      throw new SerializationException("frame of " + length + " bytes is too short; a frame"
          + " has a " + HEADER_BYTES + "-byte header and a body");
    }
    if (length > maxFrameBytes) {
      throw new SerializationException("frame of " + length + " bytes is larger than the"
          + " maximum of " + maxFrameBytes + " bytes (max-object-size plus the header)");
    }
    if (frame[offset] != FORMAT_VERSION) {
      throw new SerializationException("frame format version " + frame[offset]
          + " is not supported by this member, which reads version " + FORMAT_VERSION
          + "; run the same piglix version on every member");
    }
    int expected = ByteBuffer.wrap(frame, offset + 1, Integer.BYTES).getInt();
    CRC32C crc = new CRC32C();
    crc.update(frame, offset + HEADER_BYTES, length - HEADER_BYTES);
    if ((int) crc.getValue() != expected) {
      throw new SerializationException("frame of " + length + " bytes failed its CRC32C"
          + " check (expected " + Integer.toHexString(expected) + ", computed "
          + Integer.toHexString((int) crc.getValue()) + "); it was corrupted in transit");
    }
    return codec.deserializeMessage(frame, offset + HEADER_BYTES, length - HEADER_BYTES);
  }

  /** Writes JGroups addresses in JGroups' own compact form. */
  private static final class AddressSerializer extends Serializer<Address> {

    AddressSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Address address) {
      ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(32);
      try {
        Util.writeAddress(address, out);
      } catch (IOException e) {
        throw new KryoException("cannot encode address " + address, e);
      }
      output.writeVarInt(out.position(), true);
      output.writeBytes(out.buffer(), 0, out.position());
    }

    @Override
    public Address read(Kryo kryo, Input input, Class<? extends Address> type) {
      int length = input.readVarInt(true);
      if (length < 0 || length > 4096) {
        throw new KryoException("invalid address length " + length);
      }
      byte[] bytes = input.readBytes(length);
      try {
        return Util.readAddress(new ByteArrayDataInputStream(bytes));
      } catch (IOException | ClassNotFoundException e) {
        throw new KryoException("cannot decode an address", e);
      }
    }
  }
}
