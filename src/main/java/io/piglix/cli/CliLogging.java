package io.piglix.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Sets the log level and stack-trace output of the piglix command for the subcommand that
 * runs. {@code member} logs at INFO; {@code status} and {@code demo} print their own output
 * and log only warnings and errors. {@code --verbose} logs at INFO and prints stack traces,
 * which are otherwise cut to one line (see {@link ExceptionConverter}).
 */
final class CliLogging {

  private CliLogging() {
  }

  /** Configures logback for a parsed command line; does nothing under another backend. */
  static void configure(CommandLine.ParseResult parseResult) {
    boolean verbose = PiglixCommand.isVerbose(parseResult);
    ExceptionConverter.setStackTraces(verbose);
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext)) {
      return;
    }
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    String command = last.commandSpec().name();
    boolean quiet = !verbose && !command.equals("member");
    Level level = quiet ? Level.WARN : Level.INFO;
    ((LoggerContext) factory).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
  }
}
