package org.rapportcrm.platform.search.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@link #MAX_STALE_SECONDS} (near-real-time readers), and a commit makes them durable together with the caller's notes
 * on what the index holds.
 *
 * <p>A reader is reopened when a search needs it (there were writes, and the reader is older than the bound), not on a
 * clock: each reopen flushes the writer's buffer as a new segment, and reopening four times a second while a bulk
 * import writes made thousands of small segments that Lucene then merged again and again (over half of an import's CPU,
 * measured). Without searches, segments are cut when the writer's buffer fills.
 */
final class LuceneIndex implements Closeable {
    static final double MAX_STALE_SECONDS = 0.25;
    private static final long MAX_STALE_NANOS = (long) (MAX_STALE_SECONDS * 1_000_000_000L);
    /** Lucene's default is 16 MB: larger segments at once are fewer to merge later. */
    private static final double WRITE_BUFFER_MB = 64;
    /** A whole word found counts more than a word that only starts with the query word. */
    private static final float WHOLE_WORD_BOOST = 2f;
    private static final Sort BEST_FIRST = new Sort(SortField.FIELD_SCORE, new SortField(RecordDocuments.NAME, SortField.Type.STRING));

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Writes so far, and how many of them the current reader holds, and when it was opened. */
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong readable = new AtomicLong();
    private volatile long openedAt = System.nanoTime();
    private final Analyzer queryAnalyzer = SearchAnalysis.words();

    /** Opens the index in {@code path}, creating it if there is none. */
    LuceneIndex(Path path) throws IOException {
        this.directory = FSDirectory.open(path);
        IndexWriterConfig config = new IndexWriterConfig(SearchAnalysis.indexing())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(WRITE_BUFFER_MB);
        IndexWriter opened;
        try {
            opened = new IndexWriter(directory, config);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        this.writer = opened;
        this.searchers = new SearcherManager(writer, null);
    }

    /** What the last commit said it held (empty for a new index). */
    Map<String, String> committedNotes() throws IOException {
        return DirectoryReader.indexExists(directory) ? SegmentInfos.readLatestCommit(directory).getUserData() : Map.of();
    }

    void put(String id, Document doc) throws IOException {
        writer.updateDocument(new Term(RecordDocuments.ID, id), doc);
        writes.incrementAndGet();
    }

    void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(RecordDocuments.ID, id));
        writes.incrementAndGet();
    }

    void deleteType(String type) throws IOException {
        writer.deleteDocuments(new Term(RecordDocuments.TYPE, type));
        writes.incrementAndGet();
    }

    /** Makes every write so far visible to searches, before it returns. */
    void refresh() throws IOException {
        long upTo = writes.get();
        searchers.maybeRefreshBlocking();
        openedAt = System.nanoTime();
        readable.accumulateAndGet(upTo, Math::max);
    }

    /** Reopens the reader if it lacks writes and is older than {@link #MAX_STALE_SECONDS}. */
    private void refreshIfStale() throws IOException {
        if (readable.get() != writes.get() && System.nanoTime() - openedAt >= MAX_STALE_NANOS) {
            refresh();
        }
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
        refreshIfStale();
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
        try (directory; writer; searchers) {
            // closed in reverse order
        }
    }
}
