package io.piglix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invalid command lines, configuration files, ports and pools: each ends with one line on
 * stderr and a non-zero exit status, and a stack trace only with --verbose.
 */
class CommandBadInputTest {

  @TempDir
  Path directory;

  /** The outcome of one in-process run. */
  private record Result(int status, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = PiglixCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void unknownOptionIsUsageError() {
    Result result = run("status", "--bogus");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.errLines()).containsExactly(
        "piglix: Unknown option: '--bogus' (see 'piglix status --help')");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void unknownSubcommandIsUsageError() {
    Result result = run("start");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("'start'");
  }

  @Test
  void invalidDurationIsUsageError() {
    Result result = run("status", "--timeout", "10");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("invalid duration '10'", "ms, s, m or h");
  }

  @Test
  void invalidSizeIsUsageError() {
    Result result = run("demo", "--data", "lots");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("invalid size 'lots'");
  }

  @Test
  void missingConfigFileFails() {
    Path missing = directory.resolve("missing.xml");

    Result member = run("member", "--config", missing.toString());
    Result status = run("status", "--config", missing.toString());

    assertThat(member.status()).isEqualTo(1);
    assertThat(member.errLines()).containsExactly("piglix: configuration file " + missing
        + " not found: check the path given to --config");
    assertThat(status.status()).isEqualTo(1);
    assertThat(status.errLines()).hasSize(1);
  }

  @Test
  void invalidConfigFileFailsWithPosition() throws IOException {
    Path invalid = directory.resolve("invalid.xml");
    Files.writeString(invalid, "<piglix xmlns=\"urn:piglix:config:1.0\">\n"
        + "  <cluster role=\"primary\"/>\n</piglix>\n", StandardCharsets.UTF_8);

    Result result = run("member", "--config", invalid.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).startsWith("piglix: invalid configuration")
        .contains("invalid.xml:2:", "'primary'");
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @Test
  void verbosePrintsStackTrace() throws IOException {
    Path invalid = directory.resolve("invalid.xml");
    Files.writeString(invalid, "<piglix xmlns=\"urn:piglix:config:1.0\"><bogus/></piglix>",
        StandardCharsets.UTF_8);

    Result result = run("member", "--config", invalid.toString(), "--verbose");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.errLines().get(0)).startsWith("piglix: invalid configuration");
    assertThat(result.err()).contains("\tat io.piglix.");
  }

  @Test
  void standaloneConfigHasNoPoolStatus() throws IOException {
    Path standalone = directory.resolve("standalone.xml");
    Files.writeString(standalone, "<piglix xmlns=\"urn:piglix:config:1.0\"/>",
        StandardCharsets.UTF_8);

    Result result = run("status", "--config", standalone.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("has no <cluster> element");
  }

  @Test
  void metricsPortInUseFails() throws IOException {
    Path standalone = directory.resolve("standalone.xml");
    Files.writeString(standalone, "<piglix xmlns=\"urn:piglix:config:1.0\"/>",
        StandardCharsets.UTF_8);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String port = Integer.toString(taken.getLocalPort());

      Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> run("member", "--config", standalone.toString(), "--metrics-port", port));

      assertThat(result.status()).isEqualTo(1);
      assertThat(result.errLines()).containsExactly("piglix: cannot serve metrics on"
          + " 127.0.0.1:" + port + ": Address already in use; choose a free port for"
          + " --metrics-port");
    }
  }

  @Test
  void metricsPortOutOfRangeIsUsageError() {
    Result result = run("member", "--metrics-port", "70000");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("70000", "1 to 65535");
  }

  @Test
  void unreachablePoolStatusTimesOut() throws Exception {
    List<Integer> ports = TestPools.freePorts(2);
    Path config = TestPools.writeMember(directory.resolve("nobody.xml"),
        TestPools.clusterName("nobody"), ports.get(0), ports.subList(1, 2));

    Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> run("status", "--config", config.toString(), "--timeout", "10s"));

    assertThat(result.status()).isEqualTo(4);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("no member of cluster", "127.0.0.1[" + ports.get(1)
        + "]");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void shortTimeoutReportsNoStatus() throws Exception {
    List<Integer> ports = TestPools.freePorts(2);
    Path config = TestPools.writeMember(directory.resolve("slow.xml"),
        TestPools.clusterName("slow"), ports.get(0), ports.subList(1, 2));

    Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> run("status", "--config", config.toString(), "--timeout", "200ms"));

    assertThat(result.status()).isEqualTo(4);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("no status from cluster", "within 200ms");
  }

  @Test
  void unreachablePoolProcessPrintsOneLine() throws Exception {
    List<Integer> ports = TestPools.freePorts(2);
    Path config = TestPools.writeMember(directory.resolve("nobody.xml"),
        TestPools.clusterName("nobody"), ports.get(0), ports.subList(1, 2));

    CommandProcess status = CommandProcess.run(directory, "status", 60, "status", "--config",
        config.toString(), "--timeout", "10s");

    assertThat(status.exitValue()).isEqualTo(4);
    assertThat(status.stderr().lines().toList()).as(status.stderr()).hasSize(1);
    assertThat(status.stderr()).startsWith("piglix: no member of cluster");
    assertThat(status.stdout()).isEmpty();
  }

  @Test
  void invalidConfigProcessPrintsOneLine() throws Exception {
    Path invalid = directory.resolve("invalid.xml");
    Files.writeString(invalid, "<piglix xmlns=\"urn:piglix:config:1.0\"><bogus/></piglix>",
        StandardCharsets.UTF_8);

    CommandProcess member = CommandProcess.run(directory, "member", 60, "member", "--config",
        invalid.toString());

    assertThat(member.exitValue()).isEqualTo(1);
    assertThat(member.stderr().lines().toList()).as(member.stderr()).hasSize(1);
    assertThat(member.stderr()).startsWith("piglix: invalid configuration");
  }
}
