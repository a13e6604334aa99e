package org.rapportcrm.marketing.campaigns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.IncomingMailHandler;

/**
 * Reads what comes back to campaign addresses, from whichever mailbox Rapport reads them in (the bounce mailbox the
 * VERP domain's mail is delivered to): a delivery status notification (RFC 3464) to {@code bounce+<token>@} suppresses
 * the address on a permanent failure and counts a temporary one; an abuse report (ARF, RFC 5965) complains; a message
 * to {@code unsubscribe+<token>@} (the List-Unsubscribe mailto) unsubscribes. The token names the recipient; a report
 * whose VERP address was rewritten on the way is matched by the Message-ID it quotes. All of it is idempotent, as the
 * platform may offer a message twice.
 */
@Component
public class BounceHandler implements IncomingMailHandler {
    private final CampaignResponses responses;
    private final RecipientStore store;

    @Activate
    public BounceHandler(@Reference CampaignResponses responses, @Reference RecipientStore store) {
        this.responses = responses;
        this.store = store;
    }

    @Override
    public void handle(IncomingMail mail) {
        List<String> addresses = addresses(mail);
        String bounceToken = token(RecipientTokens.BOUNCE, addresses);
        String unsubscribeToken = token(RecipientTokens.UNSUBSCRIBE, addresses);
        if (unsubscribeToken != null && mail.deliveryReport() == null) {
            responses.unsubscribed(unsubscribeToken, "unsubscribe e-mail");
            return;
        }
        RecipientStore.Recipient recipient = bounceToken == null ? null : responses.recipient(bounceToken);
        DeliveryReport report = mail.deliveryReport();
        if (recipient == null && report != null) {
            recipient = store.byMessageId(report.originalMessageId());
        }
        if (recipient == null) {
            return; // not about a campaign message
        }
        if (isComplaint(mail)) {
            responses.complained(recipient);
        } else if (report != null) {
            for (DeliveryReport.Recipient r : report.recipients()) {
                if (r.isPermanentFailure()) {
                    responses.bounced(recipient, true, true, r.status());
                    return;
                }
            }
            for (DeliveryReport.Recipient r : report.recipients()) {
                if (r.isTemporaryFailure()) {
                    responses.bounced(recipient, false, "failed".equalsIgnoreCase(r.action()), r.status());
                    return;
                }
            }
        }
    }

    private static List<String> addresses(IncomingMail mail) {
        List<String> addresses = new ArrayList<>();
        mail.to().forEach(a -> addresses.add(a.address()));
        mail.cc().forEach(a -> addresses.add(a.address()));
        for (String header : List.of("delivered-to", "x-original-to", "envelope-to")) {
            List<String> values = mail.headers().get(header);
            if (values != null) {
                values.forEach(v -> addresses.add(v.replaceAll("[<>\\s]", "")));
            }
        }
        return addresses;
    }

    private static String token(String tag, List<String> addresses) {
        for (String address : addresses) {
            String token = RecipientTokens.tokenOf(tag, address);
            if (token != null) {
                return token;
            }
        }
        return null;
    }

    /** An ARF feedback report ({@code multipart/report; report-type=feedback-report}). */
    static boolean isComplaint(IncomingMail mail) {
        return mail.header("content-type").map(v -> v.toLowerCase(Locale.ROOT).replace(" ", "").contains("report-type=feedback-report"))
                .orElse(false) || mail.header("feedback-type").isPresent();
    }

}
