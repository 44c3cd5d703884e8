package io.piglix.management;

/** Statistics collected by an operation on the member that ran it, to be applied elsewhere. */
public final class StatsDelta implements StatsRecorder {

  private long hits;
  private long misses;
  private long puts;
  private long removals;
  private long evictions;

  @Override
  public void hits(long count) {
    hits += count;
  }

  @Override
  public void misses(long count) {
    misses += count;
  }

  @Override
  public void puts(long count) {
    puts += count;
  }

  @Override
  public void removals(long count) {
    removals += count;
  }

  @Override
  public void evictions(long count) {
    evictions += count;
  }

  /** Returns whether nothing was recorded. */
  public boolean isEmpty() {
    return (hits | misses | puts | removals | evictions) == 0;
  }

  /** Adds everything recorded here to another recorder. */
  public void applyTo(StatsRecorder target) {
    if (hits != 0) {
      target.hits(hits);
    }
    if (misses != 0) {
      target.misses(misses);
    }
    if (puts != 0) {
      target.puts(puts);
    }
    if (removals != 0) {
      target.removals(removals);
    }
    if (evictions != 0) {
      target.evictions(evictions);
    }
  }
}
