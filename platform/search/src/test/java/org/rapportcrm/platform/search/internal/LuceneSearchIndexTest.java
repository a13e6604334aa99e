package org.rapportcrm.platform.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapportcrm.platform.api.cluster.RecordsChanged;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;

/** The global search as a user meets it once the full-text index serves it, over the real core and its database. */
class LuceneSearchIndexTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor admin = Actor.system();
    @TempDir
    Path folder;
    private LuceneSearchIndex index;

    @AfterEach
    void closeIndex() throws Exception {
        stop();
    }

    @Test
    void findsRecordsByTheBeginningOfAnyWordOfTheirSearchableFieldsIgnoringCaseAndAccents() throws Exception {
        String anna = contact("Anna", "Müller", "anna.mueller@example.com");
        String sofia = contact("Sofia", "Koch", "sofia.koch@example.org");
        contact("Lars", "Schmidt", "lars@example.net");
        String globex = core.records.create(admin, "account", Map.of("name", "Globex Corporation")).getId();
        start();

        assertEquals(List.of(anna), ids("mül"));
        assertEquals(List.of(anna), ids("MULLER"), "accents are folded");
        assertEquals(List.of(sofia), ids("koch sof"), "every word must match, in any order");
        assertEquals(List.of(sofia), ids("sofia.k"), "e-mail local parts");
        assertEquals(List.of(anna), ids("anna.muel"), "a beginning longer than those the index holds");
        assertEquals(List.of(), ids("anna.muellerin"));
        assertEquals(List.of(globex), ids("corp"), "any word of a field, not only its start");
        assertEquals(List.of(), ids("anna koch"));
        assertTrue(index.covers("contact"));
    }

    @Test
    void wholeWordsRankAboveWordsThatOnlyStartWithTheQuery() throws Exception {
        contact("Anna", "Webermann", null);
        String weber = contact("Zoe", "Weber", null);
        start();

        assertEquals(weber, ids("weber").get(0));
    }

    @Test
    void recordsLikeATextHaveAnyOfItsWordsAndThoseWithMoreOfThemRankFirst() throws Exception {
        String both = core.records.create(admin, "account", Map.of("name", "Anvil Rocket Supplies")).getId();
        String one = core.records.create(admin, "account", Map.of("name", "Rocket Foods")).getId();
        core.records.create(admin, "account", Map.of("name", "Globex Corporation"));
        start();

        assertEquals(List.of(both, one), index.findSimilar("account", "my rocket anvil broke", 10));
        assertEquals(List.of(), index.findSimilar("account", "roc", 10), "whole words only: a text is not typed ahead");
    }

    @Test
    void aNewRecordIsFoundWithinAMomentAndADeletedOneNoMore() throws Exception {
        start();
        String lars = contact("Lars", "Lindqvist", null);
        CoreFixture.await("the new contact is found", () -> ids("lindq").equals(List.of(lars)));

        core.records.delete(admin, "contact", lars, 1);
        assertEquals(List.of(), ids("lindq"), "the platform reads every hit, so a deleted record is never shown");
        CoreFixture.await("the index forgets it", () -> index.find("contact", "lindq", 0, 10).isEmpty());
    }

    @Test
    void aRenamedRecordIsFoundByItsNewNameOnly() throws Exception {
        String id = contact("Greta", "Weber", null);
        start();
        core.records.update(admin, "contact", id, 1, Map.of("lastName", "Wagner"));

        CoreFixture.await("found by the new name", () -> ids("wagner").equals(List.of(id)));
        assertEquals(List.of(), index.find("contact", "weber", 0, 10));
    }

    @Test
    void changesMadeWhileTheIndexWasStoppedAreCaughtUpAtTheNextStart() throws Exception {
        String renamed = contact("Ida", "Berg", null);
        start();
        stop();
        String added = contact("Ivo", "Bergmann", null);
        core.records.update(admin, "contact", renamed, 1, Map.of("lastName", "Dahl"));

        start();
        assertEquals(List.of(added), ids("berg"));
        assertEquals(List.of(renamed), ids("dahl"));
    }

    /** What SCR does when a reference goes away while it binds: it drops the instance without deactivating it. */
    @Test
    void anInstanceDroppedBeforeItWasActivatedLeavesTheFolderToTheNext() throws Exception {
        String ida = contact("Ida", "Berg", null);
        new LuceneSearchIndex(core.metadata, core.records, config(folder));

        start();
        assertEquals(List.of(ida), ids("berg"));
    }

    @Test
    void changesWhoseEventsWereDroppedAreCaughtUpFromTheDatabase() throws Exception {
        start();
        core.changes.removeListener(index); // as if its queue had overflowed
        Record missed = core.records.create(admin, "contact", Map.of("firstName", "Mia", "lastName", "Sandberg"));
        assertEquals(List.of(), ids("sandberg"));

        index.changesDropped(missed.getUpdatedAt());
        CoreFixture.await("the missed contact is found", () -> ids("sandberg").equals(List.of(missed.getId())));
    }

    @Test
    void recordsAnotherNodeCreatesOrChangesAreFoundOnceItAnnouncesThem() throws Exception {
        String renamed = contact("Nils", "Holm", null);
        start();
        core.changes.removeListener(index); // from now on, changes are made as if on another node
        Record created = core.records.create(admin, "contact", Map.of("firstName", "Tove", "lastName", "Jansson"));
        Record changed = core.records.update(admin, "contact", renamed, 1, Map.of("lastName", "Strand"));
        assertEquals(List.of(), ids("jansson"));

        index.onChange(RecordsChanged.TOPIC, announced(new RecordsChanged("contact", created.getUpdatedAt(), List.of())));
        CoreFixture.await("what the other node created and changed since is found",
                () -> ids("jansson").equals(List.of(created.getId())) && ids("strand").equals(List.of(changed.getId())));
        assertEquals(List.of(), index.find("contact", "holm", 0, 10));
    }

    @Test
    void aRecordAnotherNodeDeletesLeavesTheIndex() throws Exception {
        String id = contact("Pippi", "Langstrumpf", null);
        start();
        core.changes.removeListener(index);
        core.records.delete(admin, "contact", id, 1);
        assertEquals(List.of(id), index.find("contact", "langstr", 0, 10));

        index.onChange(RecordsChanged.TOPIC, announced(new RecordsChanged("contact", null, List.of(id))));
        CoreFixture.await("the index forgets it", () -> index.find("contact", "langstr", 0, 10).isEmpty());
    }

    @Test
    void aNodeThatMayHaveMissedAnnouncementsReadsWhatChangedSince() throws Exception {
        start();
        core.changes.removeListener(index);
        java.time.Instant before = java.time.Instant.now();
        Record unheard = core.records.create(admin, "contact", Map.of("firstName", "Astrid", "lastName", "Lindgren"));

        index.onMissedChanges(before);
        CoreFixture.await("the unheard contact is found", () -> ids("lindgren").equals(List.of(unheard.getId())));
    }

    @Test
    void announcementsOfTypesItDoesNotIndexAreIgnored() throws Exception {
        start();
        index.onChange(RecordsChanged.TOPIC, announced(new RecordsChanged("nosuchtype", java.time.Instant.now(), List.of("x"))));
        assertTrue(index.check().up());
    }

    private static String announced(RecordsChanged change) {
        return change.toPayloads().get(0);
    }

    @Test
    void aTypeWhoseSearchableFieldsChangeIsIndexedAgain() throws Exception {
        RecordTypeProvider before = tickets(false);
        core.metadata.addProvider(before);
        String id = core.records.create(admin, "ticket", Map.of("title", "Printer on fire", "code", "PRN-451")).getId();
        start();
        assertEquals(List.of(), index.find("ticket", "prn", 0, 5), "the code is not searchable yet");

        core.metadata.removeProvider(before);
        core.metadata.addProvider(tickets(true));
        index.maintainNow();

        assertEquals(List.of(id), index.find("ticket", "prn", 0, 5));
        assertEquals(List.of(id), ids("prn"));
    }

    @Test
    void aCustomFieldAnAdministratorMakesSearchableIsFoundThroughTheIndex() throws Exception {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("nickname", FieldType.TEXT).build());
        String id = core.records.create(admin, "contact", Map.of("lastName", "Vega", "nickname", "Zorro")).getId();
        start();
        assertEquals(List.of(), index.find("contact", "zorr", 0, 5));

        core.metadata.setFieldIndexing(admin, "contact", "nickname", true, null);
        core.buildFieldIndexes();
        index.maintainNow();

        assertEquals(List.of(id), index.find("contact", "zorr", 0, 5), "the type is indexed again with the field");
        assertEquals(List.of(id), ids("zorr"), "and global search takes it from the index");
    }

    @Test
    void anUnreadableIndexIsBuiltAgainFromTheDatabase() throws Exception {
        String id = contact("Eva", "Lund", null);
        start();
        stop();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(f, new byte[] {1, 2, 3});
            }
        }

        start();
        assertEquals(List.of(id), ids("lund"));
    }

    @Test
    void anIndexAnOlderVersionBuiltIsBuiltAgainTheWayThisOneBuildsDocuments() throws Exception {
        String id = contact("Eva", "Lund", null);
        // Format 2 indexed words with their positions: Lucene refuses the same field without them in that index.
        try (IndexWriter older = new IndexWriter(FSDirectory.open(folder), new IndexWriterConfig(SearchAnalysis.indexing()))) {
            Document doc = new Document();
            doc.add(new StringField(RecordDocuments.ID, "older", Field.Store.YES));
            doc.add(new TextField(RecordDocuments.WORDS, "Eva Lund", Field.Store.NO));
            doc.add(new TextField(RecordDocuments.PREFIXES, "Eva Lund", Field.Store.NO));
            older.addDocument(doc);
            older.setLiveCommitData(Map.of("type.contact", "2:lastName:email,firstName,lastName@" + System.currentTimeMillis()).entrySet());
            older.commit();
        }

        start();
        assertEquals(List.of(id), ids("lund"));
        String later = contact("Eva", "Lundgren", null);
        CoreFixture.await("a new record is found", () -> ids("lundgren").equals(List.of(later)));
    }

    private void start() throws IOException {
        index = new LuceneSearchIndex(core.metadata, core.records, config(folder));
        index.open();
        core.changes.addListener(index, null);
        core.records.addSearchIndex(index, "test");
        CoreFixture.await("the index covers contacts", () -> index.covers("contact"));
    }

    private void stop() throws Exception {
        if (index != null) {
            core.records.removeSearchIndex(index);
            core.changes.removeListener(index);
            index.close();
            index = null;
        }
    }

    /** The ids the global search finds, as long as the index covers the type (else the database would answer). */
    private List<String> ids(String text) {
        assertTrue(index.covers("contact") && index.covers("account"));
        return core.records.search(admin, text, 10).stream().map(Record::getId).toList();
    }

    private String contact(String first, String last, String email) {
        Map<String, Object> values = new HashMap<>(Map.of("firstName", first, "lastName", last));
        if (email != null) {
            values.put("email", email);
        }
        return core.records.create(admin, "contact", values).getId();
    }

    private static RecordTypeProvider tickets(boolean codeSearchable) {
        RecordType ticket = new RecordType("ticket", "tickets", "Ticket", "Tickets", "title", List.of(
                FieldDefinition.builder("title", FieldType.TEXT).searchable(true).build(),
                FieldDefinition.builder("code", FieldType.TEXT).searchable(codeSearchable).build()));
        return () -> List.of(ticket);
    }

    static LuceneSearchIndex.Config config(Path folder) {
        return new LuceneSearchIndex.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LuceneSearchIndex.Config.class;
            }

            @Override
            public String directory() {
                return folder.toString();
            }

            @Override
            public int maintenanceSeconds() {
                return 1;
            }

            @Override
            public int catchUpSeconds() {
                return 0;
            }
        };
    }
}
