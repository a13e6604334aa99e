package org.rapportcrm.service.knowledge.internal;

import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * What of an article's HTML body is kept: formatting, blocks, links, images, tables and harmless inline styles;
 * scripts, event handlers, forms, frames and {@code javascript:} links are removed. And the words of a body, for search.
 */
final class HtmlBodies {
    private static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(Sanitizers.IMAGES).and(Sanitizers.TABLES).and(Sanitizers.STYLES);

    private HtmlBodies() {
    }

    static String sanitize(String html) {
        return html == null ? null : POLICY.sanitize(html);
    }

    /** The text of a sanitised body: tags dropped, the few entities the sanitiser writes turned back into characters. */
    static String text(String html) {
        if (html == null) {
            return "";
        }
        return html.replaceAll("<[^>]*>", " ").replace("&#64;", "@").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#39;", "'").replace("&quot;", "\"").replaceAll("&#?\\w+;", " ").replaceAll("\\s+", " ").strip();
    }
}
