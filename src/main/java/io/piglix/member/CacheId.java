package io.piglix.member;

import java.util.Objects;

/**
 * The pool-wide identity of a cache: the URI of the cache manager it belongs to (its namespace)
 * and its name. Cache managers with the same URI on different members see the same caches.
 *
 * @param namespace the cache manager URI as a string
 * @param name the cache name
 */
public record CacheId(String namespace, String name) {

  /** Validates the parts. */
  public CacheId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "#" + name;
  }
}
