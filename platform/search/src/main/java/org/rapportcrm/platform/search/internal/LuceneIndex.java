package org.rapportcrm.platform.search.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index on disk: writes go to one {@link IndexWriter}, searches see them within about
 * {@link #MAX_STALE_SECONDS} (near-real-time readers, reopened in the background), and a commit makes them durable
 * together with the caller's notes on what the index holds.
 */
final class LuceneIndex implements Closeable {
    static final double MAX_STALE_SECONDS = 0.25;
    /** A whole word found counts more than a word that only starts with the query word. */
    private static final float WHOLE_WORD_BOOST = 2f;
    private static final Sort BEST_FIRST = new Sort(SortField.FIELD_SCORE, new SortField(RecordDocuments.NAME, SortField.Type.STRING));

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ControlledRealTimeReopenThread<IndexSearcher> reopener;
    private final Analyzer queryAnalyzer = SearchAnalysis.words();

    /** Opens the index in {@code path}, creating it if there is none. */
    LuceneIndex(Path path) throws IOException {
        this.directory = FSDirectory.open(path);
        IndexWriterConfig config = new IndexWriterConfig(SearchAnalysis.indexing())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false);
        IndexWriter opened;
        try {
            opened = new IndexWriter(directory, config);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        this.writer = opened;
        this.searchers = new SearcherManager(writer, null);
        this.reopener = new ControlledRealTimeReopenThread<>(writer, searchers, MAX_STALE_SECONDS, 0.05);
        reopener.setName("rapport-search-reopen");
        reopener.setDaemon(true);
        reopener.start();
    }

    /** What the last commit said it held (empty for a new index). */
    Map<String, String> committedNotes() throws IOException {
        return DirectoryReader.indexExists(directory) ? SegmentInfos.readLatestCommit(directory).getUserData() : Map.of();
    }

    void put(String id, Document doc) throws IOException {
        writer.updateDocument(new Term(RecordDocuments.ID, id), doc);
    }

    void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(RecordDocuments.ID, id));
    }

    void deleteType(String type) throws IOException {
        writer.deleteDocuments(new Term(RecordDocuments.TYPE, type));
    }

    /** Makes every write so far visible to searches, before it returns. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Makes every write so far durable, with {@code notes} describing them. */
    void commit(Map<String, String> notes) throws IOException {
        writer.setLiveCommitData(Map.copyOf(notes).entrySet());
        writer.commit();
    }

    /** Ids of the records of {@code type} that have a word starting with each of the query's words, best first. */
    List<String> find(String type, String text, int offset, int limit) throws IOException {
        List<String> words = SearchAnalysis.queryWords(queryAnalyzer, text);
        if (words.isEmpty() || limit <= 0) {
            return List.of();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(new TermQuery(new Term(RecordDocuments.TYPE, type)), Occur.FILTER);
        words.forEach(word -> query.add(matching(word), Occur.MUST));
        return ids(query.build(), offset, limit);
    }

    private List<String> ids(Query query, int offset, int limit) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            ScoreDoc[] hits = searcher.search(query, offset + limit, BEST_FIRST).scoreDocs;
            StoredFields stored = searcher.storedFields();
            List<String> ids = new ArrayList<>();
            for (int i = offset; i < hits.length; i++) {
                ids.add(stored.document(hits[i].doc, Set.of(RecordDocuments.ID)).get(RecordDocuments.ID));
            }
            return ids;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Ids of the records of {@code type} that have any of the query's whole words, best first (BM25 over the words). */
    List<String> findSimilar(String type, String text, int limit) throws IOException {
        List<String> words = SearchAnalysis.queryWords(queryAnalyzer, text);
        if (words.isEmpty() || limit <= 0) {
            return List.of();
        }
        BooleanQuery.Builder anyWord = new BooleanQuery.Builder();
        words.stream().distinct().limit(IndexSearcher.getMaxClauseCount() - 1)
                .forEach(word -> anyWord.add(new TermQuery(new Term(RecordDocuments.WORDS, word)), Occur.SHOULD));
        Query query = new BooleanQuery.Builder().add(new TermQuery(new Term(RecordDocuments.TYPE, type)), Occur.FILTER)
                .add(anyWord.setMinimumNumberShouldMatch(1).build(), Occur.MUST).build();
        return ids(query, 0, limit);
    }

    private static Query matching(String word) {
        Query beginning = word.length() <= SearchAnalysis.MAX_PREFIX
                ? new TermQuery(new Term(RecordDocuments.PREFIXES, word))
                : new PrefixQuery(new Term(RecordDocuments.WORDS, word));
        return new BooleanQuery.Builder()
                .add(beginning, Occur.MUST)
                .add(new BoostQuery(new TermQuery(new Term(RecordDocuments.WORDS, word)), WHOLE_WORD_BOOST), Occur.SHOULD)
                .build();
    }

    /** Closes without committing: what was not committed is caught up from the database at the next start. */
    @Override
    public void close() throws IOException {
        reopener.close();
        try (directory; writer; searchers) {
            // closed in reverse order
        }
    }
}
