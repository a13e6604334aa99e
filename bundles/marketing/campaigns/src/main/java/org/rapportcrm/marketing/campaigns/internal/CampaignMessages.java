package org.rapportcrm.marketing.campaigns.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapportcrm.marketing.api.RecipientLinks;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;

/**
 * Turns a template rendered for one contact into that recipient's message: the one-click unsubscribe headers
 * (RFC 2369 {@code List-Unsubscribe} with an https and a mailto address, RFC 8058 {@code List-Unsubscribe-Post}), an
 * unsubscribe line at the foot, a VERP envelope sender, and with tracking, links redirected through signed click URLs
 * and an open pixel. Click URLs carry the target inside their signature, so the redirect only ever leads where a
 * message we sent pointed (no open redirect). Messages are sent at most once by the mail queue: a node dying
 * while the SMTP server takes one leaves it in doubt rather than sending it again.
 */
final class CampaignMessages {
    static final String LINKS = "/campaign-links/";
    static final String CLICK = "click";
    /** Click links keep working about as long as anybody keeps an e-mail. */
    static final Duration CLICK_VALIDITY = Duration.ofDays(3650);
    private static final Pattern HREF = Pattern.compile("(?i)(<a\\b[^>]*?\\bhref\\s*=\\s*\")(https?://[^\"]+)(\")");
    private static final Pattern BODY_END = Pattern.compile("(?i)</body>");

    private final RecipientLinks links;
    private final String bounceDomain;
    private final boolean tracking;

    CampaignMessages(RecipientLinks links, String bounceDomain, boolean tracking) {
        this.links = links;
        this.bounceDomain = bounceDomain;
        this.tracking = tracking;
    }

    String unsubscribeUrl(String token) {
        return links.publicUrl() + LINKS + "u/" + token;
    }

    String openUrl(String token) {
        return links.publicUrl() + LINKS + "o/" + token;
    }

    String clickUrl(String token, String target) {
        return links.publicUrl() + LINKS + "c?l=" + links.sign(CLICK, token + " " + target, CLICK_VALIDITY);
    }

    /** The token and target URL of a signed click link's {@code l} parameter, or null if it is not one of ours. */
    String[] click(String signed) {
        String id = links.verify(CLICK, signed);
        int space = id == null ? -1 : id.indexOf(' ');
        return space < 0 ? null : new String[] {id.substring(0, space), id.substring(space + 1)};
    }

    OutgoingMail message(RenderedMail content, String to, String token, String campaignId, String contactId) {
        String unsubscribe = unsubscribeUrl(token);
        String text = content.text() == null ? null : content.text() + "\n\n--\nUnsubscribe: " + unsubscribe + "\n";
        String html = content.html() == null ? null : html(content.html(), token, unsubscribe);
        return OutgoingMail.builder()
                .to(to)
                .subject(content.subject())
                .text(text)
                .html(html)
                .header("List-Unsubscribe", "<" + unsubscribe + ">, <mailto:" + RecipientTokens.address(RecipientTokens.UNSUBSCRIBE, token, bounceDomain)
                        + "?subject=unsubscribe>")
                .header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .header("Precedence", "bulk")
                .header("X-Rapport-Campaign", campaignId)
                .envelopeFrom(RecipientTokens.address(RecipientTokens.BOUNCE, token, bounceDomain))
                .about("contact", contactId)
                .atMostOnce()
                .build();
    }

    private String html(String html, String token, String unsubscribe) {
        String body = html;
        if (tracking) {
            Matcher m = HREF.matcher(body);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String target = m.group(2).replace("&amp;", "&");
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + escape(clickUrl(token, target)) + m.group(3)));
            }
            m.appendTail(out);
            body = out.toString();
        }
        String foot = "<p style=\"font-size:small\"><a href=\"" + escape(unsubscribe) + "\">Unsubscribe</a></p>"
                + (tracking ? "<img src=\"" + escape(openUrl(token)) + "\" width=\"1\" height=\"1\" alt=\"\">" : "");
        Matcher end = BODY_END.matcher(body);
        return end.find() ? body.substring(0, end.start()) + foot + body.substring(end.start()) : body + foot;
    }

    private static String escape(String url) {
        return url.replace("&", "&amp;").replace("\"", "&quot;");
    }
}
