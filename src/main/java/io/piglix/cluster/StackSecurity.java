package io.piglix.cluster;

import io.piglix.configuration.ClusterConfig;
import io.piglix.configuration.ConfigurationException;
import io.piglix.configuration.SharedSecret;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.conf.ConfiguratorFactory;
import org.jgroups.conf.ProtocolStackConfigurator;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.Encrypt;
import org.jgroups.stack.Configurator;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;

/**
 * Creates the JGroups channel of a member with a shared secret. JGroups initializes the
 * protocols when it creates a channel from a stack file, before piglix could set the secret,
 * so this class creates the protocols first, gives the secret to the AUTH token and then
 * creates the channel from them.
 */
final class StackSecurity {

  private StackSecurity() {
  }

  /**
   * Creates a channel from a stack file whose AUTH protocol uses
   * {@link SharedSecretAuthToken}.
   *
   * @throws ConfigurationException when the stack has no such AUTH protocol or no encryption
   *     protocol, because the secret would then protect nothing
   */
  static JChannel createChannel(InputStream in, URI stack, SharedSecret secret)
      throws Exception {
    ProtocolStackConfigurator configurator = ConfiguratorFactory.getStackConfigurator(in);
    List<Protocol> protocols = Configurator.createProtocolsAndInitializeAttrs(
        configurator.getProtocolStack(), new ProtocolStack());
    SharedSecretAuthToken token = null;
    boolean encrypted = false;
    for (Protocol protocol : protocols) {
      if (protocol instanceof AUTH
          && ((AUTH) protocol).getAuthToken() instanceof SharedSecretAuthToken) {
        token = (SharedSecretAuthToken) ((AUTH) protocol).getAuthToken();
      }
      encrypted |= protocol instanceof Encrypt;
    }
    String missing = null;
    if (token == null) {
      missing = "AUTH protocol with auth_class=\"" + SharedSecretAuthToken.class.getName()
          + "\"";
    } else if (!encrypted) {
      missing = "ASYM_ENCRYPT or SYM_ENCRYPT protocol";
    }
    if (missing != null) {
      throw new ConfigurationException("the <security> element is set but JGroups stack "
          + stack + " has no " + missing + "; use " + ClusterConfig.DEFAULT_SECURE_STACK
          + " or add the protocol as that file does");
    }
    token.setSecret(secret.bytes());
    return new JChannel(protocols);
  }
}
