package io.piglix.cluster;

/** An operation reached a member that does not own the key's partition; the caller retries. */
final class WrongOwnerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int partition;

  WrongOwnerException(int partition) {
    super("this member does not own partition " + partition, null, false, false);
    this.partition = partition;
  }

  int partition() {
    return partition;
  }
}
