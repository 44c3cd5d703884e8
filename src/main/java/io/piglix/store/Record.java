package io.piglix.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Layout of a stored record: a fixed header followed by the serialized value.
 *
 * <pre>
 * offset size field
 *      0    1 flags: format version in the high nibble, {@link #CHUNKED} in bit 0
 *      1    2 partition id
 *      3    8 version, increased by every update of the entry
 *     11    8 expiry time, epoch milliseconds, {@link Long#MAX_VALUE} when eternal
 *     19    4 last access, in ticks of {@link #TICK_MILLIS} ms since {@link #ACCESS_EPOCH_MILLIS},
 *              modulo 2^32 (the count wraps after 13.6 years; ages are taken modulo 2^32 too)
 *     23    1 access frequency, a logarithmic counter
 *     24    8 update time, epoch milliseconds of the write that made this value, by the
 *              owner's clock
 *     32    - value bytes
 * </pre>
 *
 * <p>The header carries what expiry, eviction, replication and merging need, so none of them
 * deserializes the value.
 */
public final class Record {

  /** Size of the fixed header in bytes. */
  public static final int HEADER_SIZE = 32;

  /** Expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  /** Origin of the access-time field: 2025-01-01T00:00:00Z. */
  public static final long ACCESS_EPOCH_MILLIS = 1_735_689_600_000L;

  /** Resolution of the access-time field in milliseconds. */
  public static final long TICK_MILLIS = 100;

  static final int FORMAT_VERSION = 1;
  static final int CHUNKED = 0x01;

  private static final int FLAGS = 0;
  private static final int PARTITION = 1;
  private static final int VERSION = 3;
  private static final int EXPIRY = 11;
  private static final int ACCESS = 19;
  private static final int FREQUENCY = 23;
  private static final int UPDATED = 24;

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Record() {
  }

  /**
   * Builds a record around a serialized value.
   *
   * @param partition partition id of the key
   * @param version version of this state of the entry
   * @param expiryTime epoch milliseconds when the entry expires, or {@link #ETERNAL}
   * @param nowMillis the current time, stored as the last access and the update time
   * @param value serialized value
   */
  public static byte[] create(int partition, long version, long expiryTime, long nowMillis,
      byte[] value) {
    byte[] record = new byte[HEADER_SIZE + value.length];
    record[FLAGS] = (byte) (FORMAT_VERSION << 4);
    SHORT.set(record, PARTITION, (short) partition);
    LONG.set(record, VERSION, version);
    LONG.set(record, EXPIRY, expiryTime);
    INT.set(record, ACCESS, ticks(nowMillis));
    record[FREQUENCY] = 1;
    LONG.set(record, UPDATED, nowMillis);
    System.arraycopy(value, 0, record, HEADER_SIZE, value.length);
    return record;
  }

  /** Returns the partition id stored in the record. */
  public static int partition(byte[] record) {
    return Short.toUnsignedInt((short) SHORT.get(record, PARTITION));
  }

  /** Returns the entry version stored in the record. */
  public static long version(byte[] record) {
    return (long) LONG.get(record, VERSION);
  }

  /** Sets the entry version. */
  public static void setVersion(byte[] record, long version) {
    LONG.set(record, VERSION, version);
  }

  /** Returns the time of the write that made this value, in epoch milliseconds. */
  public static long updateTime(byte[] record) {
    return (long) LONG.get(record, UPDATED);
  }

  /** Returns the expiry time in epoch milliseconds, {@link #ETERNAL} for none. */
  public static long expiryTime(byte[] record) {
    return (long) LONG.get(record, EXPIRY);
  }

  /** Sets the expiry time in epoch milliseconds. */
  public static void setExpiryTime(byte[] record, long expiryTime) {
    LONG.set(record, EXPIRY, expiryTime);
  }

  /** Returns whether the record is expired at the given time. */
  public static boolean isExpiredAt(byte[] record, long nowMillis) {
    return expiryTime(record) <= nowMillis;
  }

  /**
   * Returns the last access time in epoch milliseconds, to a precision of one tick, for times
   * before the tick count first wraps (2038).
   */
  public static long accessTime(byte[] record) {
    return ACCESS_EPOCH_MILLIS + Integer.toUnsignedLong(accessTick(record)) * TICK_MILLIS;
  }

  /** Returns the last access as a tick count, see {@link #ticks(long)}. */
  public static int accessTick(byte[] record) {
    return (int) INT.get(record, ACCESS);
  }

  /** Sets the last access tick. */
  public static void setAccessTick(byte[] record, int tick) {
    INT.set(record, ACCESS, tick);
  }

  /** Sets the logarithmic access-frequency counter, clamped to 0 to 255. */
  public static void setFrequency(byte[] record, int frequency) {
    record[FREQUENCY] = (byte) Math.min(255, Math.max(0, frequency));
  }

  /**
   * Returns the tick count of a time: {@link #TICK_MILLIS} ms ticks since
   * {@link #ACCESS_EPOCH_MILLIS}, modulo 2^32. Times before the origin count as the origin.
   */
  public static int ticks(long nowMillis) {
    return (int) (Math.max(0, nowMillis - ACCESS_EPOCH_MILLIS) / TICK_MILLIS);
  }

  /**
   * Returns the ticks from {@code thenTick} to {@code nowTick}, taken modulo 2^32 so the
   * count may wrap: ages up to 2^31 ticks (6.8 years) are exact, and a {@code thenTick} up to
   * as far ahead (another member's clock running ahead) gives 0.
   */
  public static long ageTicks(int thenTick, int nowTick) {
    int age = nowTick - thenTick;
    return age < 0 ? 0 : age;
  }

  /** Returns the logarithmic access-frequency counter, 0 to 255. */
  public static int frequency(byte[] record) {
    return Byte.toUnsignedInt(record[FREQUENCY]);
  }

  /** Records an access: sets the access time and increases the frequency counter. */
  public static void recordAccess(byte[] record, long nowMillis, int frequency) {
    INT.set(record, ACCESS, ticks(nowMillis));
    setFrequency(record, frequency);
  }

  /** Returns the length of the value in bytes. */
  public static int valueLength(byte[] record) {
    return record.length - HEADER_SIZE;
  }

  /** Returns a copy of the value bytes. */
  public static byte[] value(byte[] record) {
    byte[] value = new byte[record.length - HEADER_SIZE];
    System.arraycopy(record, HEADER_SIZE, value, 0, value.length);
    return value;
  }

  static int flags(byte[] record) {
    return record[FLAGS] & 0xFF;
  }

  static void setFlags(byte[] record, int flags) {
    record[FLAGS] = (byte) flags;
  }

  static int readInt(byte[] bytes, int offset) {
    return (int) INT.get(bytes, offset);
  }

  static void writeInt(byte[] bytes, int offset, int value) {
    INT.set(bytes, offset, value);
  }
}
