package org.rapportcrm.platform.mail.internal;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * What of an incoming message's HTML may be shown in the console: formatting, blocks, links, images, tables and
 * harmless inline styles (mail relies on them); scripts, event handlers, forms, frames, {@code javascript:} links and
 * style sheets are removed.
 */
final class HtmlSanitizer {
    private static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(Sanitizers.IMAGES).and(Sanitizers.TABLES).and(Sanitizers.STYLES)
            .and(new HtmlPolicyBuilder().allowElements("hr", "center", "font").allowAttributes("color", "face", "size").onElements("font")
                    .allowAttributes("align", "bgcolor", "width", "height", "border", "cellpadding", "cellspacing", "valign")
                    .onElements("table", "tr", "td", "th", "div", "p", "img", "center").toFactory());

    private HtmlSanitizer() {
    }

    static String sanitize(String html) {
        return html == null ? null : POLICY.sanitize(html);
    }
}
