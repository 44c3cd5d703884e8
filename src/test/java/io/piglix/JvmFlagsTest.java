package io.piglix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starts {@link JvmFlagsProbe} in a separate JVM with some of the required flags left out. */
class JvmFlagsTest {

  private static final List<String> ALL_FLAGS = Arrays.asList(JvmFlags.ALL_FLAGS.split(" "));
  private static final long PROBE_TIMEOUT_SECONDS = 60;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void noFlags_getCacheManager_failsListingFlags() throws Exception {
    String output = runProbe(List.of());

    assertThat(output).startsWith("FAILED javax.cache.CacheException: ");
    assertThat(output).contains("--add-opens=java.base/java.lang=ALL-UNNAMED");
    assertThat(output).contains("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
    assertThat(output).contains("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
    assertThat(output).contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void allFlags_getCacheManager_opens() throws Exception {
    assertThat(runProbe(ALL_FLAGS)).isEqualTo("OPENED");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void oneFlagMissing_getCacheManager_failsNamingIt() throws Exception {
    List<String> flags = new ArrayList<>(ALL_FLAGS);
    flags.remove("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

    String output = runProbe(flags);

    assertThat(output).startsWith("FAILED javax.cache.CacheException: ");
    assertThat(output).contains("missing: --add-exports=java.base/sun.nio.ch=ALL-UNNAMED.");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void internalRefMissing_getCacheManager_failsNamingIt() throws Exception {
    List<String> flags = new ArrayList<>(ALL_FLAGS);
    flags.remove("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

    String output = runProbe(flags);

    assertThat(output).startsWith("FAILED javax.cache.CacheException: ");
    assertThat(output).contains("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
  }

  /** Runs the probe with the given JVM flags and returns its last line of standard output. */
  private static String runProbe(List<String> flags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.add("-Dchronicle.analytics.disable=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(JvmFlagsProbe.class.getName());
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      boolean finished = process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(finished).as("probe finished within %d s", PROBE_TIMEOUT_SECONDS).isTrue();
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8).strip();
      String[] lines = output.split("\\R");
      return lines[lines.length - 1];
    } finally {
      process.destroyForcibly();
    }
  }
}
