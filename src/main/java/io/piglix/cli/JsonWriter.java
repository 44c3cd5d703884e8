package io.piglix.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON text with two-space indentation. Calls must form a valid document: names only
 * inside objects, values only after a name or inside arrays; the writer checks none of this.
 */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder();
  private final Deque<Boolean> firstInScope = new ArrayDeque<>();
  private boolean afterName;

  JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    firstInScope.push(true);
    return this;
  }

  JsonWriter endObject() {
    return end('}');
  }

  JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    firstInScope.push(true);
    return this;
  }

  JsonWriter endArray() {
    return end(']');
  }

  /** Writes the name of the next member of the current object. */
  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  JsonWriter value(String value) {
    beforeValue();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  JsonWriter value(long value) {
    beforeValue();
    out.append(value);
    return this;
  }

  /** Writes a finite number; NaN and infinities, which JSON lacks, are written as null. */
  JsonWriter value(double value) {
    beforeValue();
    out.append(Double.isFinite(value) ? Double.toString(value) : "null");
    return this;
  }

  JsonWriter value(boolean value) {
    beforeValue();
    out.append(value);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private JsonWriter end(char bracket) {
    boolean empty = firstInScope.pop();
    if (!empty) {
      newline();
    }
    out.append(bracket);
    return this;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (!firstInScope.isEmpty()) {
      separate();
    }
  }

  private void separate() {
    if (!firstInScope.peek()) {
      out.append(',');
    }
    firstInScope.pop();
    firstInScope.push(false);
    newline();
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < firstInScope.size(); i++) {
      out.append("  ");
    }
  }

  private void string(String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
