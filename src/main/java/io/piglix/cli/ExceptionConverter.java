package io.piglix.cli;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;

/**
 * Writes the exception of a log event: the full stack trace with {@code --verbose}, else one
 * line with the class and message of the exception and of each cause. Named
 * {@code %piglixException} in {@code logback-member.xml}.
 */
public final class ExceptionConverter extends ThrowableHandlingConverter {

  private static volatile boolean stackTraces = true;

  /** Chooses between full stack traces and one-line summaries for every event from now on. */
  static void setStackTraces(boolean enabled) {
    stackTraces = enabled;
  }

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy proxy = event.getThrowableProxy();
    if (proxy == null) {
      return "";
    }
    if (stackTraces) {
      return ThrowableProxyUtil.asString(proxy) + CoreConstants.LINE_SEPARATOR;
    }
    StringBuilder line = new StringBuilder("    ");
    for (IThrowableProxy cause = proxy; cause != null; cause = cause.getCause()) {
      if (cause != proxy) {
        line.append("; caused by ");
      }
      line.append(cause.getClassName());
      if (cause.getMessage() != null) {
        line.append(": ").append(cause.getMessage());
      }
    }
    return line.append(" (--verbose prints the stack trace)")
        .append(CoreConstants.LINE_SEPARATOR).toString();
  }
}
