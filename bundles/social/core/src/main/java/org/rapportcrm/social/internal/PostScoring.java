package org.rapportcrm.social.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.social.api.Social;

/**
 * Language and sentiment of a post's text. Language: OpenNLP's language detector model (103 languages, 0.94 on the
 * spike's multilingual set). Sentiment: VaderLite, English only (VADER's lexicon is English; other languages are
 * stored as not scored). Both models load once, when the component activates (2-10 s on a busy machine).
 */
@Component(service = PostScoring.class)
public class PostScoring {
    private static final String LANGUAGE_MODEL = "/langdetect-183.bin";
    /** Below this many characters the detector guesses; the language the author declared is trusted instead. */
    private static final int SHORTEST_DETECTED = 20;
    private static final Map<String, String> TWO_LETTER = twoLetterCodes();

    private final LanguageDetectorME languages;
    private final VaderLite vader;

    public PostScoring() {
        try (InputStream in = PostScoring.class.getResourceAsStream(LANGUAGE_MODEL)) {
            if (in == null) {
                throw new IllegalStateException("The language model " + LANGUAGE_MODEL + " is missing from the bundle");
            }
            this.languages = new LanguageDetectorME(new LanguageDetectorModel(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.vader = VaderLite.load();
    }

    /** What scoring found: the language (ISO 639-1, or null if unknown), the compound score (null if not scored), its label. */
    public record Score(String language, Double compound, String sentiment) {
    }

    public Score score(String text, String declaredLanguage) {
        return sentiment(text, language(text, declaredLanguage));
    }

    /** The sentiment of a text whose language is known. */
    Score sentiment(String text, String language) {
        if (!"en".equals(language)) {
            return new Score(language, null, Social.NOT_SCORED);
        }
        double compound = vader.compound(text);
        return new Score(language, Math.round(compound * 10_000) / 10_000.0, label(compound));
    }

    static String label(double compound) {
        return compound >= VaderLite.POSITIVE_THRESHOLD ? Social.POSITIVE : compound <= VaderLite.NEGATIVE_THRESHOLD ? Social.NEGATIVE : Social.NEUTRAL;
    }

    String language(String text, String declared) {
        if (text.length() < SHORTEST_DETECTED && declared != null && !declared.isBlank()) {
            return declared.toLowerCase(Locale.ROOT);
        }
        Language best = languages.predictLanguage(text);
        String code = best.getLang();
        return TWO_LETTER.getOrDefault(code, code.length() == 2 ? code : declared);
    }

    private static Map<String, String> twoLetterCodes() {
        Map<String, String> codes = new HashMap<>();
        for (String two : Locale.getISOLanguages()) {
            try {
                codes.put(Locale.forLanguageTag(two).getISO3Language(), two);
            } catch (java.util.MissingResourceException e) {
                // no three-letter code: OpenNLP never answers it
            }
        }
        // OpenNLP's model names a few languages by other ISO 639-3 codes than the JDK.
        codes.put("cmn", "zh");
        codes.put("pes", "fa");
        codes.put("zsm", "ms");
        return Map.copyOf(codes);
    }
}
