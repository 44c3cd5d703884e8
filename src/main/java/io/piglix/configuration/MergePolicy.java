package io.piglix.configuration;

/**
 * How a pool that healed from a split chooses between two copies of an entry that the sides
 * wrote differently. An entry that only one side holds is kept whatever the policy.
 */
public enum MergePolicy {
  /** The copy with the higher entry version wins: the side that changed its partition more. */
  HIGHER_VERSION,
  /** The copy written last by the members' clocks wins; ties go to the higher version. */
  LATEST_UPDATE,
  /** The copy of the side with more members wins; between equal sides, the side of the
   * merged coordinator. */
  LARGER_SIDE
}
