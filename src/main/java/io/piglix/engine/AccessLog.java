package io.piglix.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads of an owner's entries that its backups have not heard of yet: the key hash of each
 * read, for the backups' frequency sketches, and the record headers whose access fields a read
 * changed. A backup that becomes owner then ranks its entries for eviction about as the
 * previous owner did, instead of taking every entry for cold.
 *
 * <p>Each buffer is bounded, so under a heavy read load only the first reads of each interval
 * are sent; the counts stay roughly proportional. Appends take no lock: a read that races with
 * {@link #drain()} may be lost, which the approximate counts tolerate.
 */
public final class AccessLog {

  /** Most read hashes kept between two drains. */
  public static final int MAX_READS = 16_384;

  /** Most changed headers kept between two drains. */
  public static final int MAX_HEADERS = 4_096;

  private volatile Buffer current = new Buffer();

  /** Adds a read of a key. */
  void read(int keyHash) {
    Buffer buffer = current;
    int index = buffer.readCount.getAndIncrement();
    if (index < MAX_READS) {
      buffer.reads[index] = keyHash;
    }
  }

  /** Adds a record header whose access fields a read changed. */
  void touched(byte[] key, byte[] header) {
    Buffer buffer = current;
    if (buffer.headerCount.getAndIncrement() < MAX_HEADERS) {
      buffer.headers.add(new byte[][] {key, header});
    }
  }

  /**
   * Returns the reads and headers added since the last drain and starts a new interval. An
   * interval without reads keeps its buffer, so idle caches allocate nothing.
   */
  public Drained drain() {
    Buffer buffer = current;
    if (buffer.readCount.get() == 0 && buffer.headerCount.get() == 0) {
      return new Drained(new int[0], List.of());
    }
    current = new Buffer();
    int reads = Math.min(MAX_READS, buffer.readCount.get());
    int[] hashes = new int[reads];
    System.arraycopy(buffer.reads, 0, hashes, 0, reads);
    return new Drained(hashes, new ArrayList<>(buffer.headers));
  }

  /**
   * Reads and headers of one interval.
   *
   * @param readHashes the key hash of each read
   * @param headers {key, record header} pairs
   */
  public record Drained(int[] readHashes, List<byte[][]> headers) {

    /** Returns whether nothing was read. */
    public boolean isEmpty() {
      return readHashes.length == 0 && headers.isEmpty();
    }
  }

  private static final class Buffer {
    final int[] reads = new int[MAX_READS];
    final AtomicInteger readCount = new AtomicInteger();
    final ConcurrentLinkedQueue<byte[][]> headers = new ConcurrentLinkedQueue<>();
    final AtomicInteger headerCount = new AtomicInteger();
  }
}
