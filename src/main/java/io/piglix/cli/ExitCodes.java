package io.piglix.cli;

/** The exit statuses of the piglix command, listed in its help and in docs/operations.md. */
final class ExitCodes {

  /** The command succeeded; for status, the pool is healthy. */
  static final int OK = 0;

  /** The command failed, for example on an invalid configuration or a port in use. */
  static final int FAILURE = 1;

  /** The command line is invalid: an unknown option or an invalid option value. */
  static final int USAGE = 2;

  /**
   * The pool is not healthy: a partition lacks its owner or backups, a member did not respond,
   * or partitions are moving.
   */
  static final int UNHEALTHY = 3;

  /** No member of the pool responded within the timeout. */
  static final int UNREACHABLE = 4;

  private ExitCodes() {
  }
}
