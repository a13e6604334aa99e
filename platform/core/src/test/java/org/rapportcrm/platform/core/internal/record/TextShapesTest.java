package org.rapportcrm.platform.core.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldFormats;

/** The character-by-character checks accept exactly what the published regular expressions accept. */
class TextShapesTest {
    private static final String ALPHABET = "ab.@ -\t\n\r\u0000\u001F\u007F\u00E9\u20AC+_";

    @Test
    void acceptTheSameTextsAsThePublishedPatterns() {
        Pattern email = Pattern.compile(FieldFormats.EMAIL);
        Pattern singleLine = Pattern.compile(FieldFormats.SINGLE_LINE);
        Pattern multiLine = Pattern.compile(FieldFormats.MULTI_LINE);
        for (String s : samples()) {
            assertEquals(email.matcher(s).matches(), TextShapes.isEmail(s), () -> "e-mail " + printable(s));
            assertEquals(singleLine.matcher(s).matches(), TextShapes.isSingleLine(s), () -> "single line " + printable(s));
            assertEquals(multiLine.matcher(s).matches(), TextShapes.isMultiLine(s), () -> "multi-line " + printable(s));
        }
    }

    /** Every string of up to four characters of a small alphabet with the tricky ones, and longer random ones. */
    private static List<String> samples() {
        List<String> all = new ArrayList<>(List.of("", "name@example.com", "a@b.c", "a@.c", "a@..c", "a@b.", "a@b..", "@b.c", "a@@b.c",
                "a b@c.d", "a@b.c\n", "first.last+tag@sub.example.org"));
        List<String> shorter = List.of("");
        for (int length = 1; length <= 4; length++) {
            List<String> longer = new ArrayList<>();
            for (String prefix : shorter) {
                for (char c : ALPHABET.toCharArray()) {
                    longer.add(prefix + c);
                }
            }
            all.addAll(longer);
            shorter = longer;
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = 5 + random.nextInt(12); n > 0; n--) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            all.add(s.toString());
        }
        return all;
    }

    private static String printable(String s) {
        return s.chars().mapToObj(c -> c < 32 || c == 127 ? String.format("\\u%04X", c) : String.valueOf((char) c)).reduce("", String::concat);
    }
}
