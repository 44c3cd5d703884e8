package io.piglix.configuration;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a member joins a pool: the cluster name, the JGroups stack, its role and contribution,
 * and the replication and timeout settings every member of the pool shares.
 */
public final class ClusterConfig {

  /** Default JGroups stack: TCP with TCPPING on 127.0.0.1, shipped in the jar. */
  public static final URI DEFAULT_STACK = URI.create("classpath:io/piglix/jgroups-tcp.xml");

  /**
   * Default JGroups stack of a member with a shared secret: the default stack with AUTH and
   * ASYM_ENCRYPT added, shipped in the jar.
   */
  public static final URI DEFAULT_SECURE_STACK =
      URI.create("classpath:io/piglix/jgroups-tcp-secure.xml");

  /** Default number of synchronous backups per partition. */
  public static final int DEFAULT_BACKUP_COUNT = 1;

  /** Default time an operation may wait for an owner before it fails. */
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Default maximum number of cache operation requests this member has in flight to any one
   * other member. It equals the 256 threads an owner runs cache operation requests on, so
   * when the limit rejects a request, an owner busy with this member's requests could not
   * have started it at once either. The default does not depend on the hardware.
   */
  public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 256;

  /** Largest accepted {@link #maxRequestsInFlight()}. */
  public static final int MAX_REQUESTS_IN_FLIGHT_LIMIT = 100_000;

  private final String name;
  private final URI stack;
  private final URI configuredStack;
  private final MemberRole role;
  private final long contributedBytes;
  private final int backupCount;
  private final Duration operationTimeout;
  private final int maxRequestsInFlight;
  private final String bindAddress;
  private final int port;
  private final List<String> members;
  private final Duration linger;
  private final int minMembers;
  private final SplitProtection splitProtection;
  private final MergePolicy mergePolicy;
  private final SharedSecret secret;

  private ClusterConfig(Builder builder) {
    this.name = builder.name;
    this.secret = builder.secret;
    this.configuredStack = builder.stack;
    this.stack = builder.stack != null ? builder.stack
        : secret != null ? DEFAULT_SECURE_STACK : DEFAULT_STACK;
    this.role = builder.role;
    this.contributedBytes = builder.contributedBytes;
    this.backupCount = builder.backupCount;
    this.operationTimeout = builder.operationTimeout;
    this.maxRequestsInFlight = builder.maxRequestsInFlight;
    this.bindAddress = builder.bindAddress;
    this.port = builder.port;
    this.members = List.copyOf(builder.members);
    this.linger = builder.linger;
    this.minMembers = builder.minMembers;
    this.splitProtection = builder.splitProtection;
    this.mergePolicy = builder.mergePolicy;
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from every setting of this configuration. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.name = name;
    builder.stack = configuredStack;
    builder.role = role;
    builder.contributedBytes = contributedBytes;
    builder.backupCount = backupCount;
    builder.operationTimeout = operationTimeout;
    builder.maxRequestsInFlight = maxRequestsInFlight;
    builder.bindAddress = bindAddress;
    builder.port = port;
    builder.members = members;
    builder.linger = linger;
    builder.minMembers = minMembers;
    builder.splitProtection = splitProtection;
    builder.mergePolicy = mergePolicy;
    builder.secret = secret;
    return builder;
  }

  /** The cluster name; members with different names never see each other. */
  public String name() {
    return name;
  }

  /**
   * The JGroups stack configuration, a {@code classpath:} or {@code file:} URI. Unless set,
   * {@link #DEFAULT_STACK}, or {@link #DEFAULT_SECURE_STACK} with a shared secret.
   */
  public URI stack() {
    return stack;
  }

  /** Whether this member stores data or only calls the members that do. */
  public MemberRole role() {
    return role;
  }

  /** Off-heap bytes this member contributes to the pool; 0 for a client member. */
  public long contributedBytes() {
    return role == MemberRole.CLIENT ? 0 : contributedBytes;
  }

  /** Number of synchronous backups of each partition, on members other than the owner. */
  public int backupCount() {
    return backupCount;
  }

  /** How long an operation may wait for an owner before it fails with a CacheException. */
  public Duration operationTimeout() {
    return operationTimeout;
  }

  /**
   * The maximum number of cache operation requests this member has in flight to one other
   * member. An operation that would exceed it fails at once with a CacheException naming the
   * member, instead of waiting up to {@link #operationTimeout()} behind a slow owner.
   * Replication, partition copies and control messages are not counted.
   */
  public int maxRequestsInFlight() {
    return maxRequestsInFlight;
  }

  /**
   * The address the member binds to, or null to keep the stack's own setting. Overrides
   * {@code bind_addr} of the transport and of FD_SOCK2.
   */
  public String bindAddress() {
    return bindAddress;
  }

  /** The first port the member tries to bind, or 0 to keep the stack's own setting. */
  public int port() {
    return port;
  }

  /**
   * The members to contact at start, as {@code host[port]} or {@code host:port}, or empty to
   * keep the stack's own list. Overrides {@code initial_hosts} of TCPPING.
   */
  public List<String> members() {
    return members;
  }

  /** How long the member stays in the pool after its last cache manager closes. */
  public Duration linger() {
    return linger;
  }

  /**
   * The minimum number of members, clients included, the view of this member must have for it
   * to serve the operations {@link #splitProtection()} names; 1 turns the check off.
   */
  public int minMembers() {
    return minMembers;
  }

  /** The operations a member rejects while its view has fewer than {@link #minMembers()}. */
  public SplitProtection splitProtection() {
    return splitProtection;
  }

  /** The rule that chooses between two sides' copies of an entry when the sides merge. */
  public MergePolicy mergePolicy() {
    return mergePolicy;
  }

  /**
   * The secret members prove to each other when they join, or null when the pool is open to
   * any process that reaches its ports.
   */
  public SharedSecret secret() {
    return secret;
  }

  /** Builds a {@link ClusterConfig}. */
  public static final class Builder {

    private String name = "piglix";
    private URI stack;
    private MemberRole role = MemberRole.STORAGE;
    private long contributedBytes = 256L << 20;
    private int backupCount = DEFAULT_BACKUP_COUNT;
    private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
    private int maxRequestsInFlight = DEFAULT_MAX_REQUESTS_IN_FLIGHT;
    private String bindAddress;
    private int port;
    private List<String> members = List.of();
    private Duration linger = Duration.ZERO;
    private int minMembers = 1;
    private SplitProtection splitProtection = SplitProtection.WRITES;
    private MergePolicy mergePolicy = MergePolicy.HIGHER_VERSION;
    private SharedSecret secret;

    private Builder() {
    }

    /** Sets the cluster name. */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("cluster name must not be empty");
      }
      this.name = name;
      return this;
    }

    /** Sets the JGroups stack URI. */
    public Builder stack(URI stack) {
      this.stack = Objects.requireNonNull(stack, "stack");
      return this;
    }

    /** Sets the member role. */
    public Builder role(MemberRole role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /** Sets the contributed off-heap bytes, at least 16 MiB for a storage member. */
    public Builder contributedBytes(long bytes) {
      if (bytes < (16L << 20)) {
        throw new IllegalArgumentException("contributed memory must be at least 16m: "
            + bytes + " bytes");
      }
      this.contributedBytes = bytes;
      return this;
    }

    /** Sets the backup count, 0 to 6. */
    public Builder backupCount(int backupCount) {
      if (backupCount < 0 || backupCount > 6) {
        throw new IllegalArgumentException("backup count must be 0 to 6: " + backupCount);
      }
      this.backupCount = backupCount;
      return this;
    }

    /** Sets the operation timeout, at least 100 ms. */
    public Builder operationTimeout(Duration timeout) {
      if (timeout.toMillis() < 100) {
        throw new IllegalArgumentException("operation timeout must be at least 100ms: "
            + timeout);
      }
      this.operationTimeout = timeout;
      return this;
    }

    /**
     * Sets the maximum number of cache operation requests in flight to one other member, 1 to
     * {@value ClusterConfig#MAX_REQUESTS_IN_FLIGHT_LIMIT}.
     */
    public Builder maxRequestsInFlight(int maxRequestsInFlight) {
      if (maxRequestsInFlight < 1 || maxRequestsInFlight > MAX_REQUESTS_IN_FLIGHT_LIMIT) {
        throw new IllegalArgumentException("max requests in flight must be 1 to "
            + MAX_REQUESTS_IN_FLIGHT_LIMIT + ", such as " + DEFAULT_MAX_REQUESTS_IN_FLIGHT
            + ": " + maxRequestsInFlight);
      }
      this.maxRequestsInFlight = maxRequestsInFlight;
      return this;
    }

    /** Sets the bind address; null keeps the stack's setting. */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /** Sets the first port to bind, 1 to 65535, or 0 to keep the stack's setting. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the members to contact at start, as host[port] or host:port. */
    public Builder members(List<String> members) {
      this.members = List.copyOf(members);
      return this;
    }

    /** Sets how long the member stays after its last cache manager closes; 0 or more. */
    public Builder linger(Duration linger) {
      if (linger.isNegative()) {
        throw new IllegalArgumentException("linger must not be negative: " + linger);
      }
      this.linger = linger;
      return this;
    }

    /** Sets the minimum view size for cache operations, 1 (no check) or more. */
    public Builder minMembers(int minMembers) {
      if (minMembers < 1) {
        throw new IllegalArgumentException("minimum members must be at least 1: "
            + minMembers);
      }
      this.minMembers = minMembers;
      return this;
    }

    /** Sets which operations are rejected below the minimum view size. */
    public Builder splitProtection(SplitProtection protection) {
      this.splitProtection = Objects.requireNonNull(protection, "protection");
      return this;
    }

    /** Sets how differing entries are chosen when two sides of a split merge. */
    public Builder mergePolicy(MergePolicy policy) {
      this.mergePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the shared secret, or null for none. Without an explicit stack, a secret selects
     * {@link #DEFAULT_SECURE_STACK}.
     */
    public Builder secret(SharedSecret secret) {
      this.secret = secret;
      return this;
    }

    /** Builds the configuration. */
    public ClusterConfig build() {
      return new ClusterConfig(this);
    }
  }
}
