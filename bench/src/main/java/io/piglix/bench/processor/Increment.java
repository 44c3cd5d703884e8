package io.piglix.bench.processor;

import java.io.Serializable;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Adds 1 to a Long value, or sets it to 1 when the entry is absent, and returns the new value.
 *
 * <p>The providers send it to the member that owns the key: piglix with Kryo, so its package
 * is allowed in piglix's configuration, and Hazelcast and Infinispan with Java serialization.
 */
public final class Increment implements EntryProcessor<String, Long, Long>, Serializable {

  /** The only instance the benchmarks use; the processor has no state. */
  public static final Increment INSTANCE = new Increment();

  private static final long serialVersionUID = 1L;

  @Override
  public Long process(MutableEntry<String, Long> entry, Object... arguments) {
    Long current = entry.getValue();
    long next = current == null ? 1 : current + 1;
    entry.setValue(next);
    return next;
  }
}
