package org.rapportcrm.platform.mail.internal;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimException;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * DKIM signatures (RFC 6376) on outgoing messages, by the settings' domain, selector and RSA key: rsa-sha256,
 * relaxed/relaxed canonicalisation (which survives the header folding and whitespace changes of relays), without the
 * body length tag (so nothing can be appended under the signature).
 */
final class DkimSigning {
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private final DkimSigner signer;

    private DkimSigning(DkimSigner signer) {
        this.signer = signer;
    }

    /**
     * The signing the settings ask for, or null when {@code dkimDomain} is empty.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    static DkimSigning of(MailConfig config) {
        if (config.dkimDomain().isBlank()) {
            return null;
        }
        if (config.dkimSelector().isBlank() || config.dkimKeyFile().isBlank()) {
            throw new IllegalArgumentException(MailConfig.PID + ": dkimDomain is set, so dkimSelector and dkimKeyFile are needed too");
        }
        try {
            DkimSigner signer = new DkimSigner(config.dkimDomain().trim(), config.dkimSelector().trim(), readKey(Path.of(config.dkimKeyFile().trim())));
            signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            signer.setHeaderCanonicalization(Canonicalization.RELAXED);
            signer.setBodyCanonicalization(Canonicalization.RELAXED);
            signer.setLengthParam(false);
            // The published key is the administrator's to check (with a DKIM tester); a DNS lookup per message is not.
            signer.setCheckDomainKey(false);
            return new DkimSigning(signer);
        } catch (DkimException e) {
            throw new IllegalArgumentException(MailConfig.PID + ": dkimDomain or dkimSelector is not usable: " + e.getMessage(), e);
        }
    }

    private static RSAPrivateKey readKey(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.US_ASCII);
            int begin = text.indexOf(PEM_BEGIN);
            byte[] der = begin < 0 ? bytes
                    : Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), Math.max(begin, text.indexOf(PEM_END))));
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new IllegalArgumentException(MailConfig.PID + ": dkimKeyFile " + file + " cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(MailConfig.PID + ": dkimKeyFile " + file
                    + " holds no RSA private key in PKCS#8 (PEM 'BEGIN PRIVATE KEY' or DER)", e);
        }
    }

    /** The message as it is sent: signed when written to the server, with the same envelope sender. */
    SMTPMessage sign(SMTPMessage message) throws MessagingException {
        DkimMessage signed = new DkimMessage(message, signer);
        signed.setEnvelopeFrom(message.getEnvelopeFrom());
        return signed;
    }
}
