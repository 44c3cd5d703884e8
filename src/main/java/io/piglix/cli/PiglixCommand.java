package io.piglix.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code piglix} command: runs and inspects members of a piglix pool. */
@Command(name = "piglix", mixinStandardHelpOptions = true,
    versionProvider = PiglixCommand.Version.class,
    description = "Runs and inspects members of a piglix memory pool.",
    subcommands = {MemberCommand.class})
public final class PiglixCommand implements Callable<Integer> {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "io/piglix/cli/logback-member.xml");
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new PiglixCommand());
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PiglixCommand.class.getPackage().getImplementationVersion();
      return new String[] {"piglix " + (version == null ? "(development build)" : version)};
    }
  }

  /** Prints one line on stderr for a failure; the stack trace only with --verbose. */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine,
        CommandLine.ParseResult parseResult) {
      boolean verbose = parseResult.subcommand() != null
          && parseResult.subcommand().hasMatchedOption("--verbose");
      String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      commandLine.getErr().println("piglix: " + message);
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    }
  }
}
