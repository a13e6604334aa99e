package org.rapportcrm.collaboration.internal;

/**
 * Sends one digest e-mail. The platform's mail service ({@code org.rapportcrm.platform.api.mail}) is not there yet: when
 * it is, a component of this bundle implements this over it, and {@link EmailDigest} starts sending.
 */
public interface DigestMailer {
    void send(String toAddress, String toName, String subject, String text) throws Exception;
}
