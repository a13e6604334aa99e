package org.rapportcrm.social.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapportcrm.social.api.Social;

/**
 * Sentiment and language as a post gets them. Accuracy is measured on the UCI "Sentiment Labelled Sentences" (Amazon
 * and IMDB, 2,000 sentences; see src/test/resources/sentiment/ATTRIBUTION.md): VaderLite is not trained, so every
 * sentence is held out.
 */
class SentimentTest {
    private static PostScoring scoring;
    private static VaderLite vader;

    @BeforeAll
    static void loadModels() {
        scoring = new PostScoring();
        vader = VaderLite.load();
    }

    @Test
    void praiseIsPositiveComplaintsAreNegativeAndFactsNeutral() {
        assertEquals(Social.POSITIVE, scoring.score("I love the new release, the support team was great!", null).sentiment());
        assertEquals(Social.NEGATIVE, scoring.score("My order arrived broken and nobody answers my emails. Terrible service.", null).sentiment());
        assertEquals(Social.NEUTRAL, scoring.score("The office opens at nine on Monday and closes at five.", null).sentiment());
    }

    @Test
    void negationBoostersCapitalsAndButShiftTheScoreAsVaderDoes() {
        assertTrue(vader.compound("The product is not good") < 0, "negated");
        assertTrue(vader.compound("The product is very good") > vader.compound("The product is good"), "booster");
        assertTrue(vader.compound("The product is GOOD today") > vader.compound("The product is good today"), "capitals");
        assertTrue(vader.compound("The product is good!!!") > vader.compound("The product is good"), "exclamation");
        assertTrue(vader.compound("The food was good but the service was horrible") < 0, "what follows 'but' weighs more");
        // The reference VADER scores (vaderSentiment 3.3.2): "VADER is smart, handsome, and funny." -> 0.8316.
        assertEquals(0.8316, vader.compound("VADER is smart, handsome, and funny."), 0.001);
    }

    @Test
    void onlyEnglishIsScoredAndTheLanguageIsDetected() {
        PostScoring.Score german = scoring.score("Der Kundendienst hat mir sehr schnell geholfen, vielen Dank dafür!", null);
        assertEquals("de", german.language());
        assertEquals(Social.NOT_SCORED, german.sentiment());
        assertNull(german.compound());
        assertEquals("fr", scoring.score("Le service client ne répond jamais à mes messages depuis une semaine.", null).language());
        assertEquals("en", scoring.score("The support team answered my question within an hour.", null).language());
        // Too short to detect: the language the author declared counts.
        assertEquals("en", scoring.score("Thanks!", "en").language());
    }

    @Test
    void atLeastEightyPercentOfTheLabelledSentencesAreClassifiedRight() throws IOException {
        double amazon = accuracy(labelled("amazon.tsv"));
        double imdb = accuracy(labelled("imdb.tsv"));
        List<String[]> all = new ArrayList<>(labelled("amazon.tsv"));
        all.addAll(labelled("imdb.tsv"));
        double overall = accuracy(all);
        System.out.printf("social: VaderLite accuracy on %d UCI sentences %.3f (Amazon %.3f, IMDB %.3f)%n", all.size(), overall, amazon, imdb);
        assertTrue(overall >= 0.80, "accuracy " + overall);
    }

    /** Binary, as VADER's authors decide it: positive when the compound is at least 0.05, else negative. */
    private static double accuracy(List<String[]> sentences) {
        long right = sentences.stream().filter(s -> (vader.compound(s[1]) >= VaderLite.POSITIVE_THRESHOLD) == "1".equals(s[0])).count();
        return (double) right / sentences.size();
    }

    private static List<String[]> labelled(String file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(SentimentTest.class.getResourceAsStream("/sentiment/" + file), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t", 2));
                }
            }
        }
        return rows;
    }
}
