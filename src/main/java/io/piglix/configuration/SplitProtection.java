package io.piglix.configuration;

/** The cache operations a member rejects while its view is below the minimum size. */
public enum SplitProtection {
  /** Rejects operations that change entries; reads go on. */
  WRITES,
  /** Rejects every cache operation. */
  READS_AND_WRITES
}
