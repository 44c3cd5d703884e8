package io.piglix.configuration;

import java.util.Arrays;
import java.util.Objects;

/**
 * The secret every member of a pool shares, from which members derive their join proof. Its
 * {@link #toString()} names only where the secret came from, so it is safe to log.
 */
public final class SharedSecret {

  /** Minimum length of a secret, in bytes. */
  public static final int MIN_BYTES = 16;

  private final byte[] bytes;
  private final String origin;

  /**
   * Creates a secret.
   *
   * @param bytes the secret, at least {@link #MIN_BYTES} bytes
   * @param origin where the secret came from, such as {@code file /etc/piglix/pool.secret}
   */
  public SharedSecret(byte[] bytes, String origin) {
    Objects.requireNonNull(bytes, "bytes");
    this.origin = Objects.requireNonNull(origin, "origin");
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException("the shared secret from " + origin + " has "
          + bytes.length + " bytes; use at least " + MIN_BYTES + " bytes, for example the"
          + " output of: openssl rand -base64 32");
    }
    this.bytes = bytes.clone();
  }

  /** Returns a copy of the secret's bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Where the secret came from, such as {@code environment variable PIGLIX_SECRET}. */
  public String origin() {
    return origin;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SharedSecret && Arrays.equals(((SharedSecret) other).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SharedSecret[from " + origin + "]";
  }
}
