package io.piglix.engine;

/**
 * One change an operation made to a stored record, as sent to backups.
 *
 * @param partition the key's partition
 * @param key the serialized key
 * @param record the new record, or null when the entry was removed
 * @param version the partition version of the change
 */
public record Mutation(int partition, byte[] key, byte[] record, long version) {
}
