package io.piglix.cluster;

import java.util.Iterator;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.JoinRsp;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JGroups protocol that rejects join requests carrying no AUTH header, placed below
 * ASYM_ENCRYPT in piglix's secure stacks.
 *
 * <p>A member started without the pool's secret uses a stack without AUTH and ASYM_ENCRYPT.
 * AUTH (JGroups 5.5) replies to its join request with a rejection. ASYM_ENCRYPT then drops
 * that reply because it has no public key of the joiner to attach the group key to, so the
 * joiner retries for the whole join timeout and then starts a pool of its own. This protocol
 * sends the rejection itself, below the encryption, so the joiner's connect fails at once
 * with a {@link SecurityException}. The rejection carries only the reason.
 */
public final class REQUIRE_AUTH extends Protocol {

  private static final Logger LOG = LoggerFactory.getLogger(REQUIRE_AUTH.class);
  private static final short GMS_ID = ClassConfigurator.getProtocolId(GMS.class);
  private static final short AUTH_ID = ClassConfigurator.getProtocolId(AUTH.class);
  private static final String REASON = "this pool requires the shared secret; set <security>"
      + " in the <cluster> element of the member's piglix configuration";

  @Override
  public Object up(Message message) {
    if (isJoinWithoutProof(message)) {
      reject(message.getSrc());
      return null;
    }
    return up_prot.up(message);
  }

  @Override
  public void up(MessageBatch batch) {
    Iterator<Message> messages = batch.iterator();
    while (messages.hasNext()) {
      Message message = messages.next();
      if (isJoinWithoutProof(message)) {
        reject(message.getSrc());
        messages.remove();
      }
    }
    if (!batch.isEmpty()) {
      up_prot.up(batch);
    }
  }

  private static boolean isJoinWithoutProof(Message message) {
    if (!(message.getHeader(GMS_ID) instanceof GMS.GmsHeader)) {
      return false;
    }
    GMS.GmsHeader header = message.getHeader(GMS_ID);
    byte type = header.getType();
    boolean join = type == GMS.GmsHeader.JOIN_REQ
        || type == GMS.GmsHeader.JOIN_REQ_WITH_STATE_TRANSFER;
    return join && message.getHeader(AUTH_ID) == null;
  }

  private void reject(Address joiner) {
    LOG.warn("{} rejected the join request of {}: it carries no shared-secret proof, so that"
        + " member has no <security> setting", getAddress(), joiner);
    Message answer = new BytesMessage(joiner)
        .putHeader(GMS_ID, new GMS.GmsHeader(GMS.GmsHeader.JOIN_RSP))
        .setArray(GMS.marshal(new JoinRsp(REASON)));
    down_prot.down(answer);
  }
}
