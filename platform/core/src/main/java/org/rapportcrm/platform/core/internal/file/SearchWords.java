package org.rapportcrm.platform.core.internal.file;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Words as the global search compares them: lower case, without accents; a query word matches a word it starts. */
final class SearchWords {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchWords() {
    }

    static List<String> of(String text) {
        return text == null ? List.of() : Arrays.stream(NOT_WORD.split(fold(text))).filter(w -> !w.isEmpty()).distinct().toList();
    }

    /** Whether every one of {@code words} starts a word of {@code text}. */
    static boolean allIn(List<String> words, String text) {
        String folded = " " + NOT_WORD.matcher(fold(text)).replaceAll(" ");
        return words.stream().allMatch(w -> folded.contains(" " + w));
    }

    private static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
