package io.piglix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A small {@code piglix demo}: three member processes, 8 MiB of values, one SIGKILL. */
class DemoCommandTest {

  @Test
  void demoReadsEveryEntryAfterKill() throws Exception {
    Path workDir = Files.createDirectories(Path.of("target", "cli-logs",
        "demo-" + System.nanoTime()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status = assertTimeoutPreemptively(Duration.ofMinutes(6), () -> PiglixCommand.run(
        new PrintWriter(out), new PrintWriter(err), "demo", "--data", "8704k", "--value-size",
        "4k", "--contribute", "16m", "--time-limit", "5m", "--work-dir",
        workDir.toString()));

    assertThat(status).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("Loaded 2176 entries",
        "Killing member 1", "Read 2176 entries intact, 0 missing, 0 changed",
        "read back 2176 of 2176 acknowledged entries intact", "Stopped the 2 running members");
    assertThat(err.toString()).isEmpty();
    assertThat(Files.readString(workDir.resolve("member-2.log")))
        .contains(" is running with configuration ");
  }
}
