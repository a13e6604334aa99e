package org.rapportcrm.social.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * VADER's rules (Hutto and Gilbert, 2014; the reference implementation's constants) over the VADER lexicon, written
 * plainly: the Java port of VADER tokenises through Lucene and measured 19-35x slower (spikes/social.md). Scores
 * English text from -1 (most negative) to 1 (most positive); VADER's published thresholds are ±0.05.
 */
final class VaderLite {
    static final double POSITIVE_THRESHOLD = 0.05;
    static final double NEGATIVE_THRESHOLD = -0.05;
    private static final String LEXICON = "/vader_sentiment_lexicon.txt";
    private static final double BOOST = 0.293;
    private static final double DAMPEN = -0.293;
    private static final double CAPS_BOOST = 0.733;
    private static final double NEGATION_SCALAR = -0.74;
    private static final double ALPHA = 15;
    private static final Set<String> NEGATIONS = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't",
            "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt",
            "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope",
            "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't",
            "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");
    private static final Map<String, Double> BOOSTERS = boosters();

    private final Map<String, Double> lexicon;

    private VaderLite(Map<String, Double> lexicon) {
        this.lexicon = lexicon;
    }

    /** The lexicon shipped in the bundle (taken from the MIT-licensed VADER jar at build time). */
    static VaderLite load() {
        try (InputStream in = VaderLite.class.getResourceAsStream(LEXICON)) {
            if (in == null) {
                throw new IllegalStateException("The VADER lexicon " + LEXICON + " is missing from the bundle");
            }
            Map<String, Double> lexicon = new HashMap<>(10_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] columns = line.split("\t");
                if (columns.length >= 2) {
                    lexicon.put(columns[0].strip(), Double.parseDouble(columns[1].strip()));
                }
            }
            return new VaderLite(Map.copyOf(lexicon));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VADER's compound score of the text, from -1 to 1. */
    double compound(String text) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return 0;
        }
        List<String> lower = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        boolean capsDiffer = capsDiffer(words);
        double[] valences = new double[words.size()];
        for (int i = 0; i < words.size(); i++) {
            String word = lower.get(i);
            if (BOOSTERS.containsKey(word) || ("kind".equals(word) && i + 1 < words.size() && "of".equals(lower.get(i + 1)))) {
                continue;
            }
            valences[i] = valence(words, lower, i, capsDiffer);
        }
        int but = lower.indexOf("but");
        if (but >= 0) {
            for (int i = 0; i < valences.length; i++) {
                valences[i] *= i < but ? 0.5 : i > but ? 1.5 : 1;
            }
        }
        double sum = 0;
        for (double v : valences) {
            sum += v;
        }
        double emphasis = punctuationEmphasis(text);
        sum += sum > 0 ? emphasis : sum < 0 ? -emphasis : 0;
        double normalized = sum / Math.sqrt(sum * sum + ALPHA);
        return Math.max(-1, Math.min(1, normalized));
    }

    private double valence(List<String> words, List<String> lower, int i, boolean capsDiffer) {
        String word = lower.get(i);
        Double base = lexicon.get(word);
        if (base == null) {
            return 0;
        }
        double valence = base;
        // "no" before another sentiment word negates it rather than counting itself.
        if ("no".equals(word) && i + 1 < words.size() && lexicon.containsKey(lower.get(i + 1))) {
            valence = 0;
        }
        if ((i > 0 && "no".equals(lower.get(i - 1))) || (i > 1 && "no".equals(lower.get(i - 2)))
                || (i > 2 && "no".equals(lower.get(i - 3)) && ("or".equals(lower.get(i - 1)) || "nor".equals(lower.get(i - 1))))) {
            valence = base * NEGATION_SCALAR;
        }
        if (capsDiffer && isUpper(words.get(i))) {
            valence += valence > 0 ? CAPS_BOOST : -CAPS_BOOST;
        }
        for (int back = 0; back < 3; back++) {
            if (i > back && !lexicon.containsKey(lower.get(i - back - 1))) {
                double scalar = boost(words.get(i - back - 1), lower.get(i - back - 1), valence, capsDiffer);
                valence += scalar * (back == 1 ? 0.95 : back == 2 ? 0.9 : 1);
                valence = negation(valence, lower, back, i);
            }
        }
        return least(valence, lower, i);
    }

    private static double boost(String word, String lower, double valence, boolean capsDiffer) {
        Double scalar = BOOSTERS.get(lower);
        if (scalar == null) {
            return 0;
        }
        double s = valence < 0 ? -scalar : scalar;
        if (capsDiffer && isUpper(word)) {
            s += valence > 0 ? CAPS_BOOST : -CAPS_BOOST;
        }
        return s;
    }

    private static double negation(double valence, List<String> lower, int back, int i) {
        String before = lower.get(i - back - 1);
        if (back == 0) {
            return negated(before) ? valence * NEGATION_SCALAR : valence;
        }
        if (back == 1) {
            String two = lower.get(i - 2);
            String one = lower.get(i - 1);
            if ("never".equals(two) && ("so".equals(one) || "this".equals(one))) {
                return valence * 1.25;
            }
            if ("without".equals(two) && "doubt".equals(one)) {
                return valence;
            }
            return negated(before) ? valence * NEGATION_SCALAR : valence;
        }
        String three = lower.get(i - 3);
        String two = lower.get(i - 2);
        String one = lower.get(i - 1);
        if (("never".equals(three) && ("so".equals(two) || "this".equals(two))) || "so".equals(one) || "this".equals(one)) {
            return valence * 1.25;
        }
        if ("without".equals(three) && ("doubt".equals(two) || "doubt".equals(one))) {
            return valence;
        }
        return negated(before) ? valence * NEGATION_SCALAR : valence;
    }

    private double least(double valence, List<String> lower, int i) {
        if (i > 1 && "least".equals(lower.get(i - 1)) && !lexicon.containsKey("least")) {
            return "at".equals(lower.get(i - 2)) || "very".equals(lower.get(i - 2)) ? valence : valence * NEGATION_SCALAR;
        }
        if (i > 0 && "least".equals(lower.get(i - 1)) && !lexicon.containsKey("least")) {
            return valence * NEGATION_SCALAR;
        }
        return valence;
    }

    private static boolean negated(String word) {
        return NEGATIONS.contains(word) || word.contains("n't");
    }

    private static double punctuationEmphasis(String text) {
        long exclamations = Math.min(4, text.chars().filter(c -> c == '!').count());
        long questions = text.chars().filter(c -> c == '?').count();
        double questionEmphasis = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
        return exclamations * 0.292 + questionEmphasis;
    }

    /** Whitespace-separated tokens with leading and trailing punctuation stripped, except short ones (emoticons). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            String stripped = stripPunctuation(token);
            words.add(stripped.length() <= 2 ? token : stripped);
        }
        return words;
    }

    private static String stripPunctuation(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && isPunctuation(token.charAt(start))) {
            start++;
        }
        while (end > start && isPunctuation(token.charAt(end - 1))) {
            end--;
        }
        return token.substring(start, end);
    }

    private static boolean isPunctuation(char c) {
        return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }

    private static boolean capsDiffer(List<String> words) {
        long upper = words.stream().filter(VaderLite::isUpper).count();
        return upper > 0 && upper < words.size();
    }

    private static boolean isUpper(String word) {
        boolean letter = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            letter |= Character.isUpperCase(c);
        }
        return letter;
    }

    private static Map<String, Double> boosters() {
        Map<String, Double> b = new HashMap<>();
        for (String w : List.of("absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
                "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme", "extremely",
                "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully", "fuckin",
                "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major",
                "majorly", "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly",
                "total", "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very")) {
            b.put(w, BOOST);
        }
        for (String w : List.of("almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little", "marginal", "marginally",
                "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly", "somewhat", "sorta", "sortof", "sort-of")) {
            b.put(w, DAMPEN);
        }
        return Map.copyOf(b);
    }
}
