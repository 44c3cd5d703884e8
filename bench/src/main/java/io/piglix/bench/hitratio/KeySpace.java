package io.piglix.bench.hitratio;

import io.piglix.partition.KeyHash;
import java.nio.charset.StandardCharsets;

/**
 * The hash, partition and owning member of every key index of a trace. Key index {@code i} is
 * the 16-byte key {@code key-} and {@code i} in 12 digits; its hash is piglix's
 * {@link KeyHash} of those bytes and its partition piglix's {@link KeyHash#partition}.
 *
 * <p>Partition {@code p} belongs to member {@code p % members}: 91, 90 and 90 partitions of
 * 271 for three members, the shares piglix's partition assigner gives members that contribute
 * equal memory.
 */
final class KeySpace {

  /** piglix's default number of partitions. */
  static final int PARTITIONS = 271;

  private final int[] hashes;
  private final byte[] members;

  KeySpace(int size, int memberCount) {
    hashes = new int[size];
    members = new byte[size];
    for (int i = 0; i < size; i++) {
      byte[] key = String.format(java.util.Locale.ROOT, "key-%012d", i)
          .getBytes(StandardCharsets.US_ASCII);
      hashes[i] = KeyHash.of(key);
      members[i] = (byte) (partition(i) % memberCount);
    }
  }

  int hash(int key) {
    return hashes[key];
  }

  int partition(int key) {
    return KeyHash.partition(hashes[key], PARTITIONS);
  }

  int member(int key) {
    return members[key];
  }
}
