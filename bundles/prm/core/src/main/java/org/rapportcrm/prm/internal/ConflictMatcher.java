package org.rapportcrm.prm.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a registered deal clashes with another: the same end customer (the same name once legal forms and punctuation
 * are ignored, or the same e-mail or web domain) and the same product (or no product named on one side, which cannot
 * rule a clash out). Pure rules over plain values, so they are tested without a database.
 */
final class ConflictMatcher {
    /** Legal forms that do not tell two companies apart ("Acme Inc." is "ACME"). */
    private static final Set<String> LEGAL_FORMS = Set.of("inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp",
            "corporation", "co", "company", "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "pty");

    /** A deal to compare: an open opportunity or another open or approved registration (its record type and id). */
    record Deal(String type, String id, String customerName, String domain, Set<String> products) {
        Deal {
            products = products == null ? Set.of() : Set.copyOf(products);
        }
    }

    /** A clash found, and why, in words a channel manager reads. */
    record Clash(Deal with, String reason) {
    }

    private ConflictMatcher() {
    }

    /** The deals among {@code candidates} that clash with {@code registered}, in the candidates' order. */
    static List<Clash> clashes(Deal registered, List<Deal> candidates) {
        String name = customerKey(registered.customerName());
        String domain = domain(registered.domain());
        List<Clash> found = new ArrayList<>();
        for (Deal other : candidates) {
            if (other.type().equals(registered.type()) && other.id() != null && other.id().equals(registered.id())) {
                continue;
            }
            boolean sameName = !name.isEmpty() && name.equals(customerKey(other.customerName()));
            String otherDomain = domain(other.domain());
            boolean sameDomain = domain != null && domain.equals(otherDomain);
            if (!sameName && !sameDomain) {
                continue;
            }
            boolean productsKnown = !registered.products().isEmpty() && !other.products().isEmpty();
            if (productsKnown && Collections.disjoint(registered.products(), other.products())) {
                continue;
            }
            String customer = sameName && sameDomain ? "same customer and domain " + domain
                    : sameName ? "same customer name" : "same domain " + domain;
            found.add(new Clash(other, customer + (productsKnown ? ", same product" : ", product not told apart")));
        }
        return found;
    }

    /** A company name as compared: lower case, letters and digits only, legal forms dropped. Empty when nothing is left. */
    static String customerKey(String name) {
        if (name == null) {
            return "";
        }
        return Arrays.stream(name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty() && !LEGAL_FORMS.contains(word))
                .collect(Collectors.joining(" "));
    }

    /** The first word of a name as compared: what a prefix query on account names looks for. */
    static String firstWord(String name) {
        String key = customerKey(name);
        int space = key.indexOf(' ');
        return space < 0 ? key : key.substring(0, space);
    }

    /**
     * The domain in an e-mail address, a web address or a bare domain, lower case and without {@code www.}; null when
     * there is none.
     */
    static String domain(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        int at = t.lastIndexOf('@');
        if (at >= 0) {
            t = t.substring(at + 1);
        } else if (t.contains("://")) {
            try {
                String host = URI.create(t).getHost();
                t = host == null ? "" : host;
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else {
            t = t.split("[/?#:]", 2)[0];
        }
        t = t.replaceFirst("^www\\.", "").replaceAll("\\.+$", "");
        return t.matches("[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+") ? t : null;
    }
}
