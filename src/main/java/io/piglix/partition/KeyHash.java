package io.piglix.partition;

/**
 * A stable 32-bit hash of serialized key bytes (MurmurHash3 x86_32, seed 0x9747b28c).
 *
 * <p>Every member computes the same hash for the same bytes, independently of the JVM and the
 * key's {@code hashCode()}, so the hash can choose a key's partition and its lock stripe.
 */
public final class KeyHash {

  private static final int SEED = 0x9747b28c;
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private KeyHash() {
  }

  /** Hashes all bytes of the array. */
  public static int of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** Hashes {@code length} bytes starting at {@code offset}. */
  public static int of(byte[] bytes, int offset, int length) {
    int h = SEED;
    int blocks = length >>> 2;
    for (int i = 0; i < blocks; i++) {
      int p = offset + (i << 2);
      int k = (bytes[p] & 0xFF) | (bytes[p + 1] & 0xFF) << 8 | (bytes[p + 2] & 0xFF) << 16
          | (bytes[p + 3] & 0xFF) << 24;
      k *= C1;
      k = Integer.rotateLeft(k, 15);
      k *= C2;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = offset + (blocks << 2);
    int k = 0;
    switch (length & 3) {
      case 3:
        k ^= (bytes[tail + 2] & 0xFF) << 16;
        // fall through
      case 2:
        k ^= (bytes[tail + 1] & 0xFF) << 8;
        // fall through
      case 1:
        k ^= bytes[tail] & 0xFF;
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        k *= C2;
        h ^= k;
        break;
      default:
        break;
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Returns the partition of a key hash among {@code partitionCount} partitions. */
  public static int partition(int hash, int partitionCount) {
    return (hash & Integer.MAX_VALUE) % partitionCount;
  }
}
