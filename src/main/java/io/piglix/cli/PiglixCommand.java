package io.piglix.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code piglix} command: runs and inspects members of a piglix pool. */
@Command(name = "piglix", mixinStandardHelpOptions = true,
    versionProvider = PiglixCommand.Version.class,
    description = "Runs and inspects members of a piglix memory pool.",
    subcommands = {MemberCommand.class, StatusCommand.class, DemoCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success; for status, the pool is healthy",
        "1:failure, such as an invalid configuration or a port in use",
        "2:invalid command line",
        "3:status: the pool is not healthy",
        "4:status: no member of the pool responded"})
public final class PiglixCommand implements Callable<Integer> {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line and exits with its status. Without
   * {@code -Dlogback.configurationFile} it logs with {@code io/piglix/cli/logback-member.xml},
   * at the level {@link CliLogging} sets for the subcommand.
   */
  public static void main(String[] args) {
    boolean builtInLogging = System.getProperty("logback.configurationFile") == null;
    if (builtInLogging) {
      System.setProperty("logback.configurationFile", "io/piglix/cli/logback-member.xml");
    }
    PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
    PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
    System.exit(execute(out, err, builtInLogging, args));
  }

  /** Runs the command line with standard output and error and returns its exit status. */
  public static int run(String... args) {
    PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
    PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
    return execute(out, err, false, args);
  }

  /**
   * Runs the command line, writing results to {@code out} and errors to {@code err}, and
   * returns its exit status. Logging is left as the JVM configured it.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return execute(out, err, false, args);
  }

  private static int execute(PrintWriter out, PrintWriter err, boolean configureLogging,
      String... args) {
    CommandLine commandLine = new CommandLine(new PiglixCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(PiglixCommand::handleParameterException);
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setExecutionStrategy(parseResult -> {
      if (configureLogging) {
        CliLogging.configure(parseResult);
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    int status = commandLine.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Prints an invalid command line as one line with the way to get help. */
  private static int handleParameterException(CommandLine.ParameterException e,
      String[] args) {
    CommandLine commandLine = e.getCommandLine();
    commandLine.getErr().println("piglix: " + e.getMessage() + " (see '"
        + commandLine.getCommandSpec().qualifiedName() + " --help')");
    return ExitCodes.USAGE;
  }

  /** Returns whether the command that ran, or one of its parents, matched --verbose. */
  static boolean isVerbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult result = parseResult; result != null;
        result = result.subcommand()) {
      if (result.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PiglixCommand.class.getPackage().getImplementationVersion();
      return new String[] {"piglix " + (version == null ? "(development build)" : version)};
    }
  }

  /**
   * Prints one line on stderr for a failure and returns its exit status: the code of a
   * {@link CommandFailure}, else 1. Prints the stack trace only with --verbose.
   */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine,
        CommandLine.ParseResult parseResult) {
      String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      commandLine.getErr().println("piglix: " + oneLine(message));
      if (isVerbose(parseResult)) {
        e.printStackTrace(commandLine.getErr());
      }
      return e instanceof CommandFailure ? ((CommandFailure) e).exitCode() : ExitCodes.FAILURE;
    }

    /**
     * Joins the lines of a message, such as the list of errors of an invalid configuration,
     * with "; ", or with a space after a colon, so that a failure is one line.
     */
    static String oneLine(String message) {
      return message.strip().replaceAll(":\\s*\\R\\s*", ": ").replaceAll("\\s*\\R\\s*", "; ");
    }
  }
}
