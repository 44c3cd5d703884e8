package io.piglix.bench;

import io.piglix.bench.pool.Pools;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs one or more JMH command lines, separated by {@code --}, in this JVM, and keeps each pool
 * open from its first benchmark to the end; then stops the pools and exits. With {@code -f 0}
 * every benchmark runs in this JVM, so a pool starts once and all benchmarks of its provider
 * and driver reuse it: bench/run.sh starts one such JVM per provider and driver. With forks,
 * each forked JVM still starts and stops its own pool.
 *
 * <p>Usage: {@code SuiteMain JMH-ARGUMENTS [-- JMH-ARGUMENTS]...}
 */
public final class SuiteMain {

  private SuiteMain() {
  }

  /** Runs the command lines in order and exits with 0 only if every benchmark ran. */
  public static void main(String[] args) {
    Pools.keepOpenUntilCloseAll();
    int status = 0;
    try {
      for (String[] commandLine : split(args)) {
        status = run(commandLine);
        if (status != 0) {
          break;
        }
      }
    } finally {
      Pools.closeAll();
    }
    // Threads of a provider that outlive its pool must not keep this JVM running.
    System.exit(status);
  }

  private static int run(String[] commandLine) {
    try {
      Collection<RunResult> results = new Runner(new CommandLineOptions(commandLine)).run();
      if (results.isEmpty()) {
        System.err.println("SuiteMain: no benchmark matched " + Arrays.toString(commandLine));
        return 1;
      }
      return 0;
    } catch (CommandLineOptionException e) {
      System.err.println("SuiteMain: invalid JMH arguments " + Arrays.toString(commandLine)
          + ": " + e.getMessage());
      return 2;
    } catch (RunnerException e) {
      System.err.println("SuiteMain: a benchmark failed: " + e.getMessage());
      return 1;
    }
  }

  private static List<String[]> split(String[] args) {
    List<String[]> commandLines = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--")) {
        commandLines.add(current.toArray(new String[0]));
        current.clear();
      } else {
        current.add(arg);
      }
    }
    commandLines.add(current.toArray(new String[0]));
    return commandLines;
  }
}
