package org.rapportcrm.sales.internal.lead;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A consent checkbox of a web form: the form field that carries it, the consent purpose it asks for (the marketing
 * capability's purpose, by name or id), whether the visitor must tick it, and the label shown beside it (what the
 * consent ledger keeps as the text the visitor agreed to). Written one a line in the form's {@code consentCheckboxes}:
 * {@code formField=purpose|required|label} or {@code ...|optional|...}; the label may be left out (then the purpose's
 * own text is what was shown). Blank lines and lines starting with # are skipped.
 */
record ConsentCheckbox(String formField, String purpose, boolean required, String label) {
    static final String REQUIRED = "required";
    static final String OPTIONAL = "optional";
    /** What a ticked checkbox posts: browsers send "on" unless the page sets a value; scripts send true. */
    private static final Set<String> TICKED = Set.of("on", "true", "yes", "1", "checked");

    boolean tickedIn(String value) {
        return value != null && TICKED.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The checkboxes of a form; a line that does not read is skipped here (the form's validator refuses it on save). */
    static List<ConsentCheckbox> parse(String text) {
        List<ConsentCheckbox> boxes = new ArrayList<>();
        lines(text).forEach(line -> read(line).ifPresent(boxes::add));
        return boxes;
    }

    /** What is wrong with the lines, one message each, naming the line; empty when all read. */
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>();
        int n = 0;
        for (String line : lines(text)) {
            n++;
            Optional<ConsentCheckbox> box = read(line);
            if (box.isEmpty()) {
                problems.add("line " + n + " ('" + line + "') is not formField=purpose|required or optional|label");
            } else if (!fields.add(box.get().formField())) {
                problems.add("line " + n + ": the form field '" + box.get().formField() + "' has a checkbox already");
            }
        }
        return problems;
    }

    private static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static Optional<ConsentCheckbox> read(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return Optional.empty();
        }
        String field = line.substring(0, eq).strip();
        String[] parts = line.substring(eq + 1).split("\\|", 3);
        String purpose = parts[0].strip();
        String need = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : OPTIONAL;
        String label = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : null;
        if (field.isEmpty() || purpose.isEmpty() || !(REQUIRED.equals(need) || OPTIONAL.equals(need))) {
            return Optional.empty();
        }
        return Optional.of(new ConsentCheckbox(field, purpose, REQUIRED.equals(need), label));
    }
}
