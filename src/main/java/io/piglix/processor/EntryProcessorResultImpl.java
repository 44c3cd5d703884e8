package io.piglix.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** The result of an entry processor for one key of {@code invokeAll}: a value or a failure. */
public final class EntryProcessorResultImpl<T> implements EntryProcessorResult<T> {

  private final T value;
  private final RuntimeException failure;

  private EntryProcessorResultImpl(T value, RuntimeException failure) {
    this.value = value;
    this.failure = failure;
  }

  /** A successful result. */
  public static <T> EntryProcessorResultImpl<T> of(T value) {
    return new EntryProcessorResultImpl<>(value, null);
  }

  /** A failed result; {@link #get()} throws it as an {@link EntryProcessorException}. */
  public static <T> EntryProcessorResultImpl<T> failed(RuntimeException failure) {
    return new EntryProcessorResultImpl<>(null, failure);
  }

  @Override
  public T get() {
    if (failure == null) {
      return value;
    }
    if (failure instanceof EntryProcessorException) {
      throw (EntryProcessorException) failure;
    }
    throw new EntryProcessorException(failure);
  }
}
