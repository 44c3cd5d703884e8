package io.piglix.engine;

/**
 * The outcome of an entry processor on one key of {@code invokeAll}: its result, or the
 * failure the caller receives when it reads the result.
 *
 * @param value the processor's result, possibly null
 * @param failure the failure, or null on success
 */
public record InvokeResult(Object value, RuntimeException failure) {
}
