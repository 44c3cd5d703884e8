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
 * Encodes messages between members: a format version byte followed by the Kryo encoding of a
 * {@link Messages} record. Every message class has a fixed Kryo id, identical on every member,
 * and no application class can appear in a frame outside an opaque byte array.
 */
final class Frames {

  /** The frame format this member writes and reads. */
  static final byte FORMAT_VERSION = 1;

  private final KryoCodec codec;

  Frames(KryoCodec codec) {
    this.codec = codec;
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

  /** Encodes a message into a frame. */
  byte[] encode(Object message) {
    byte[] body = codec.serialize(message);
    byte[] frame = new byte[body.length + 1];
    frame[0] = FORMAT_VERSION;
    System.arraycopy(body, 0, frame, 1, body.length);
    return frame;
  }

  /**
   * Decodes a frame.
   *
   * @throws SerializationException when the frame is empty, of another format version, or
   *     not a valid encoding of a message
   */
  Object decode(byte[] frame, int offset, int length) {
    if (length < 2) {
      throw new SerializationException("frame of " + length + " bytes is too short");
    }
    if (frame[offset] != FORMAT_VERSION) {
      throw new SerializationException("frame format version " + frame[offset]
          + " is not supported by this member, which reads version " + FORMAT_VERSION
          + "; run the same piglix version on every member");
    }
    return codec.deserialize(frame, offset + 1, length - 1);
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
