package io.piglix.cli;

import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.ConfigLoader;
import io.piglix.configuration.MemberRole;
import io.piglix.configuration.PiglixConfig;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;

/** Finds, reads and adjusts the configuration files the subcommands run on. */
final class MemberConfigs {

  /**
   * The configuration used without {@code --config}: a storage member of the pool on
   * 127.0.0.1 ports 7800 to 7802, cluster {@code piglix-loopback}.
   */
  static final URI BUILT_IN_MEMBER = URI.create("classpath:io/piglix/piglix-member.xml");

  private MemberConfigs() {
  }

  /** Returns the URI of a configuration file, or the built-in member configuration for null. */
  static URI uriOf(File file) {
    if (file == null) {
      return BUILT_IN_MEMBER;
    }
    if (!file.exists()) {
      throw new CommandFailure(ExitCodes.FAILURE, "configuration file " + file
          + " not found: check the path given to --config");
    }
    if (!file.isFile() || !Files.isReadable(file.toPath())) {
      throw new CommandFailure(ExitCodes.FAILURE, "configuration file " + file
          + " is not a readable file: check the path given to --config");
    }
    return file.getAbsoluteFile().toURI();
  }

  /** Reads and validates a configuration; errors name the file, line and column. */
  static PiglixConfig load(URI uri) {
    return ConfigLoader.load(uri, MemberConfigs.class.getClassLoader());
  }

  /**
   * Returns the configuration with its cluster role set to client, so the member stores
   * nothing and takes no partitions.
   *
   * @param operationTimeout the operation timeout to use, or null to keep the file's
   * @throws CommandFailure when the configuration has no {@code <cluster>} element
   */
  static PiglixConfig asClient(PiglixConfig config, Duration operationTimeout) {
    ClusterConfig cluster = requireCluster(config);
    ClusterConfig.Builder client = cluster.toBuilder().role(MemberRole.CLIENT);
    if (operationTimeout != null) {
      client.operationTimeout(operationTimeout);
    }
    return config.toBuilder().cluster(client.build()).build();
  }

  /** Returns the cluster section of a configuration, failing when it has none. */
  static ClusterConfig requireCluster(PiglixConfig config) {
    if (config.cluster() == null) {
      throw new CommandFailure(ExitCodes.FAILURE, "configuration " + config.source()
          + " has no <cluster> element, so it describes a standalone member and no pool:"
          + " give a clustered configuration such as config/piglix-loopback-member.xml");
    }
    return config.cluster();
  }

  /** Formats a byte count with a binary unit, such as {@code 64.0 MiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
