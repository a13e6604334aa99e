package org.rapportcrm.platform.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How text becomes terms. Words are split as Unicode says (an e-mail address gives its local part and its domain),
 * lower-cased and folded to ASCII, so "muller" finds "Müller". Every word is also indexed by each of its beginnings
 * up to {@link #MAX_PREFIX} characters, so a query word that short, the common case, is one term lookup; a longer one
 * reads the whole words that start with it (1,000,000 contacts: 2-4 ms for the 3,862 e-mail addresses that start with
 * "sofia.kowal").
 */
final class SearchAnalysis {
    /**
     * Longer query words are matched as prefixes of the whole words. Beginnings up to 20 characters made the index a
     * third larger than up to 8 (200,000 contacts: 34 MB against 25 MB) and indexing slower (1,000,000 contacts alone:
     * 46-60 s against 40 s), mostly for the beginnings of e-mail addresses, each of them a term of its own; every node
     * indexes every write.
     */
    static final int MAX_PREFIX = 8;

    private SearchAnalysis() {
    }

    /** Whole words in {@link RecordDocuments#WORDS}, their beginnings in {@link RecordDocuments#PREFIXES}. */
    static Analyzer indexing() {
        return new PerFieldAnalyzerWrapper(words(), Map.of(RecordDocuments.PREFIXES, prefixes()));
    }

    static Analyzer words() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                return new TokenStreamComponents(tokenizer, normalized(tokenizer));
            }
        };
    }

    private static Analyzer prefixes() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                return new TokenStreamComponents(tokenizer, new EdgeNGramTokenFilter(normalized(tokenizer), 1, MAX_PREFIX, false));
            }
        };
    }

    private static TokenStream normalized(TokenStream words) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(words));
    }

    /** The words of a query as the index holds them. */
    static List<String> queryWords(Analyzer words, String text) {
        List<String> result = new ArrayList<>();
        try (TokenStream stream = words.tokenStream(RecordDocuments.WORDS, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                result.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String
        }
        return result;
    }
}
