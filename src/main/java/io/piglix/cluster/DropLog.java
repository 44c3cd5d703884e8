package io.piglix.cluster;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs frames that were dropped because they could not be decoded, at most once per interval,
 * with the number dropped since the previous line.
 */
final class DropLog {

  private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);

  private final Supplier<String> localName;
  private final long intervalMillis;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastLogged = new AtomicLong();

  /**
   * Creates a drop log.
   *
   * @param localName returns the local member's name, the prefix of each line
   * @param intervalMillis minimum time between two lines
   */
  DropLog(Supplier<String> localName, long intervalMillis) {
    this.localName = localName;
    this.intervalMillis = intervalMillis;
  }

  /** Counts a dropped frame and logs it unless a line was logged within the interval. */
  void dropped(Address sender, Throwable reason) {
    long total = dropped.incrementAndGet();
    long now = System.currentTimeMillis();
    long last = lastLogged.get();
    if (now - last >= intervalMillis && lastLogged.compareAndSet(last, now)) {
      LOG.warn("{} dropped an invalid frame from {} ({} dropped so far): {}", localName.get(),
          sender, total, reason.toString());
    }
  }

  /** Returns the number of frames dropped so far. */
  long droppedCount() {
    return dropped.get();
  }
}
