package io.piglix.serialization.forbidden;

import java.io.Serializable;

/** A serializable class outside every test allow list. */
public final class Secret implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Some state, so the class is not empty. */
  public String text = "secret";
}
