package io.piglix.configuration;

/** What a member contributes to the pool. */
public enum MemberRole {
  /** Contributes off-heap memory and owns partitions. */
  STORAGE,
  /** Contributes no memory and sends every operation to the owners. */
  CLIENT
}
