package io.piglix.eviction;

/**
 * The entries of a cache to evict: every entry below {@code heat}, and of the entries at
 * {@code heat} the share {@code fraction}, chosen by key hash.
 *
 * @param heat the heat below which every entry goes
 * @param fraction the share of the entries at {@code heat} that goes, 0 to 1
 */
public record Cut(int heat, double fraction) {

  /** Evicts nothing. */
  public static final Cut NONE = new Cut(0, 0);

  /** Evicts everything. */
  public static final Cut ALL = new Cut(HeatHistogram.HEATS, 0);

  /** Checks the range. */
  public Cut {
    if (heat < 0 || heat > HeatHistogram.HEATS || fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("no such cut: heat " + heat + ", fraction "
          + fraction);
    }
  }

  /** Returns a cut at a position from 0 to 256: its heat and, after the point, fraction. */
  public static Cut at(double position) {
    double bounded = Math.max(0, Math.min(HeatHistogram.HEATS, position));
    int heat = (int) Math.floor(bounded);
    return heat >= HeatHistogram.HEATS ? ALL : new Cut(heat, bounded - heat);
  }

  /** Returns the cut as one number, heat plus fraction, for comparing cuts. */
  public double position() {
    return heat + fraction;
  }

  /** Returns whether the cut evicts nothing. */
  public boolean isEmpty() {
    return position() == 0;
  }

  /**
   * Returns whether an entry of this heat and key hash is evicted. The salt picks which keys
   * make up the fraction at the cut's heat: a pass that follows an earlier one at the same
   * heat must use another salt, or it picks the keys the earlier pass already evicted.
   */
  public boolean evicts(int entryHeat, int keyHash, int salt) {
    if (entryHeat != heat) {
      return entryHeat < heat;
    }
    int mixed = (keyHash ^ salt) * 0x9E3779B9;
    double unit = (mixed >>> 8) / (double) (1 << 24);
    return unit < fraction;
  }
}
