package org.rapportcrm.service.email.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.mail.IncomingMail;

/**
 * When a new case may be acknowledged automatically without two robots mailing each other forever (RFC 3834 and
 * common practice): never to an automated message (auto-submitted, bulk or list mail, a bounce), never to our own
 * addresses or to mailer daemons and no-reply senders, and at most once per sender in a window, so a flood of new
 * messages from one address gets one acknowledgement.
 */
final class LoopGuard {
    private static final Pattern ROBOT = Pattern.compile("^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|listserv|majordomo)([+.-].*)?@.*",
            Pattern.CASE_INSENSITIVE);

    private LoopGuard() {
    }

    /** Whether the message is one we never open a case for: machine mail, or mail from one of our own addresses. */
    static boolean isMachineOrOwn(IncomingMail mail, Collection<String> ownAddresses) {
        return mail.isAutomated() || mail.from() == null || isOwn(mail.from().address(), ownAddresses)
                || mail.header("return-path").map(p -> p.replaceAll("[<>\\s]", "").isEmpty()).orElse(false);
    }

    /**
     * Whether to acknowledge a new case opened by {@code mail}.
     *
     * @param lastAcknowledged when this sender last got an acknowledgement, or null
     */
    static boolean mayAcknowledge(IncomingMail mail, Collection<String> ownAddresses, Instant lastAcknowledged, Instant now, Duration window) {
        if (isMachineOrOwn(mail, ownAddresses) || ROBOT.matcher(mail.from().address()).matches()) {
            return false;
        }
        return lastAcknowledged == null || !lastAcknowledged.isAfter(now.minus(window));
    }

    static boolean isOwn(String address, Collection<String> ownAddresses) {
        String lower = address.toLowerCase(Locale.ROOT);
        return ownAddresses.stream().anyMatch(own -> own != null && own.toLowerCase(Locale.ROOT).equals(lower));
    }
}
