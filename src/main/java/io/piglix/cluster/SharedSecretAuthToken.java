package io.piglix.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.jgroups.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JGroups {@link AuthToken} that proves knowledge of the pool's shared secret without
 * sending it.
 *
 * <p>JGroups 5.5 ships no token for a shared secret (SimpleToken and MD5Token were removed in
 * 5.0, and X509Token, Krb5Token, FixedMembershipToken and RegexMembership need certificates,
 * Kerberos or address lists). AUTH sends one token with each join request and allows no extra
 * round trip, so this token responds to a challenge that the joiner picks itself: a fresh random
 * nonce and the current time. It sends HMAC-SHA256 over the time, the nonce and its own
 * address, keyed with a key derived from the secret. The coordinator recomputes the HMAC for
 * the request's sender and accepts it only when the time is within {@link #MAX_CLOCK_SKEW_MILLIS}
 * of its own clock and the nonce was not seen before, so a captured token cannot be replayed.
 *
 * <p>The secret is set by {@link StackSecurity} after JGroups creates the token from the
 * stack file. It is never written to the stack file, a message or a log line.
 *
 * <p>NOTE: the proof does not cover the joiner's ASYM_ENCRYPT public key, which travels in the
 * same join request, because AUTH gives the token no access to the rest of the message. An
 * attacker who can rewrite a join request in transit could substitute a key of their own.
 */
public final class SharedSecretAuthToken extends AuthToken {

  /** Largest difference between the joiner's clock and the coordinator's that is accepted. */
  static final long MAX_CLOCK_SKEW_MILLIS = 120_000;

  private static final Logger LOG = LoggerFactory.getLogger(SharedSecretAuthToken.class);
  private static final int NONCE_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final String HMAC = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<ByteBuffer, Long> seenNonces = new ConcurrentHashMap<>();
  private volatile byte[] key;
  private long timestamp;
  private byte[] nonce = new byte[NONCE_BYTES];
  private byte[] mac = new byte[MAC_BYTES];

  /** Creates a token without a secret; JGroups calls this for the stack file and for reads. */
  public SharedSecretAuthToken() {
  }

  /**
   * Sets the shared secret this member proves and checks. The token keeps only a key derived
   * from it.
   */
  public void setSecret(byte[] secret) {
    this.key = deriveKey(secret, "piglix join authentication");
  }

  /**
   * Derives a 32-byte key for one purpose from the shared secret with HMAC-SHA256, so the
   * authentication key and the encryption key differ although both come from one secret.
   */
  static byte[] deriveKey(byte[] secret, String purpose) {
    try {
      Mac hmac = Mac.getInstance(HMAC);
      hmac.init(new SecretKeySpec(secret, HMAC));
      return hmac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public void init() throws Exception {
    super.init();
    if (key == null) {
      throw new IllegalStateException("the JGroups stack uses " + getClass().getName()
          + " but no shared secret was set; configure <security> in the <cluster> element of"
          + " the piglix configuration");
    }
  }

  @Override
  public String getName() {
    return getClass().getName();
  }

  @Override
  public int size() {
    return Long.BYTES + NONCE_BYTES + MAC_BYTES;
  }

  /**
   * Writes a fresh proof: each join request gets a new time and nonce. A token read from the
   * network, which has no key, writes what it read.
   */
  @Override
  public void writeTo(DataOutput out) throws IOException {
    byte[] ownKey = key;
    long time = timestamp;
    byte[] proofNonce = nonce;
    byte[] proof = mac;
    if (ownKey != null && auth != null && auth.getAddress() != null) {
      time = System.currentTimeMillis();
      proofNonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(proofNonce);
      proof = computeMac(ownKey, time, proofNonce, auth.getAddress());
    }
    out.writeLong(time);
    out.write(proofNonce);
    out.write(proof);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    timestamp = in.readLong();
    nonce = new byte[NONCE_BYTES];
    in.readFully(nonce);
    mac = new byte[MAC_BYTES];
    in.readFully(mac);
  }

  @Override
  public boolean authenticate(AuthToken token, Message message) {
    Address sender = message.getSrc();
    if (!(token instanceof SharedSecretAuthToken)) {
      LOG.warn("{} rejected the join request of {}: it carries no shared-secret proof (token"
          + " {}); give that member the pool's <security> setting", localName(), sender,
          token == null ? "none" : token.getClass().getName());
      return false;
    }
    SharedSecretAuthToken proof = (SharedSecretAuthToken) token;
    long now = System.currentTimeMillis();
    if (Math.abs(now - proof.timestamp) > MAX_CLOCK_SKEW_MILLIS) {
      LOG.warn("{} rejected the join request of {}: its proof is dated {} ms away from this"
          + " member's clock, more than the {} ms accepted; synchronize the members' clocks",
          localName(), sender, proof.timestamp - now, MAX_CLOCK_SKEW_MILLIS);
      return false;
    }
    byte[] expected = computeMac(key, proof.timestamp, proof.nonce, sender);
    if (!MessageDigest.isEqual(expected, proof.mac)) {
      LOG.warn("{} rejected the join request of {}: its proof does not match this pool's"
          + " shared secret; give that member the same secret as the pool", localName(),
          sender);
      return false;
    }
    forgetExpiredNonces(now);
    if (seenNonces.putIfAbsent(ByteBuffer.wrap(proof.nonce.clone()), proof.timestamp) != null) {
      LOG.warn("{} rejected the join request of {}: its proof was already used, so the request"
          + " is a replay", localName(), sender);
      return false;
    }
    return true;
  }

  private void forgetExpiredNonces(long now) {
    Iterator<Map.Entry<ByteBuffer, Long>> entries = seenNonces.entrySet().iterator();
    while (entries.hasNext()) {
      if (Math.abs(now - entries.next().getValue()) > MAX_CLOCK_SKEW_MILLIS) {
        entries.remove();
      }
    }
  }

  private String localName() {
    return auth == null || auth.getAddress() == null ? "member" : auth.getAddress().toString();
  }

  private static byte[] computeMac(byte[] key, long time, byte[] nonce, Address sender) {
    try {
      Mac hmac = Mac.getInstance(HMAC);
      hmac.init(new SecretKeySpec(key, HMAC));
      hmac.update(ByteBuffer.allocate(Long.BYTES).putLong(time).array());
      hmac.update(nonce);
      hmac.update(addressBytes(sender));
      return hmac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Returns the bytes that identify an address; a JGroups UUID is its 128 bits. */
  private static byte[] addressBytes(Address address) {
    if (address instanceof UUID) {
      UUID uuid = (UUID) address;
      return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
          .putLong(uuid.getLeastSignificantBits()).array();
    }
    return String.valueOf(address).getBytes(StandardCharsets.UTF_8);
  }

  /** Describes the token without its key or proof. */
  @Override
  public String toString() {
    return "SharedSecretAuthToken";
  }
}
