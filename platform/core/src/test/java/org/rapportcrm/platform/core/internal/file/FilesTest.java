package org.rapportcrm.platform.core.internal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.file.FileChangeGuard;
import org.rapportcrm.platform.api.file.FileChangeRefusedException;
import org.rapportcrm.platform.api.file.FileContent;
import org.rapportcrm.platform.api.file.FileRefusedException;
import org.rapportcrm.platform.api.file.FileScanner;
import org.rapportcrm.platform.api.file.FileTextExtractor;
import org.rapportcrm.platform.api.file.FileTooLargeException;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.file.StoredFile.TextState;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.db.ChunkStore;
import org.rapportcrm.platform.core.internal.security.StandardSharing;
import org.rapportcrm.platform.core.internal.transfer.ExportServiceImpl;

/** Files on records, on every database Rapport supports (see the subclasses). */
abstract class FilesTest {
    private static final int MAX_MB = 4;
    final CoreFixture core = new CoreFixture(dataSource());
    private final FilesConfig config = Configs.of(FilesConfig.class, Map.of("maxSizeMegabytes", MAX_MB));
    private final FileContents contents = new FileContents(core.database);
    private final FileTexts texts = new FileTexts(core.database, contents, core.cluster, core.tasks, config);
    private final FileServiceImpl files = new FileServiceImpl(core.database, core.records, contents, texts, config);
    private final String north = core.users.createTeam(Actor.system(), "North").id();
    private final String south = core.users.createTeam(Actor.system(), "South").id();
    private final Actor admin = core.user("root", Set.of("admin"), Set.of());
    private final Actor carol = core.user("carol", Set.of("sales"), Set.of(south));
    private final Actor alice = core.user("alice", Set.of("sales"), Set.of(north));
    private final Record acme = core.records.create(admin, "account", Map.of("name", "Acme"));
    private final Record globex = core.records.create(admin, "account", Map.of("name", "Globex"));
    private final Record carols = core.records.create(carol, "contact", Map.of("lastName", "Weber", "account", globex.getId()));

    abstract DataSource dataSource();

    {
        core.policy.addSharingRule(new StandardSharing.Accounts());
        core.policy.addSharingRule(new StandardSharing.Contacts());
    }

    @AfterEach
    void close() {
        core.close();
    }

    private StoredFile upload(Actor actor, Record record, String name, byte[] content) {
        return files.store(actor, record.getType(), record.getId(), new NewFile(name, null, false), new ByteArrayInputStream(content));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(FileContent content, long offset, long length) throws IOException {
        try (InputStream in = content.read(offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileIsListedWithItsRecordAndReadsBackByteIdenticalWholeOrInRanges() throws IOException {
        byte[] bytes = random(ChunkStore.CHUNK_BYTES * 2 + 12_345); // spans three chunks
        StoredFile stored = upload(carol, carols, "scan.bin", bytes);

        assertEquals(List.of(stored), files.list(carol, "contact", carols.getId()));
        assertEquals(bytes.length, stored.size());
        assertEquals(carol.userId(), stored.createdBy());
        FileContent content = files.open(carol, stored.id());
        assertArrayEquals(bytes, read(content, 0, bytes.length));
        long offset = ChunkStore.CHUNK_BYTES - 10;
        assertArrayEquals(Arrays.copyOfRange(bytes, (int) offset, (int) offset + 30), read(content, offset, 30), "a range across two chunks");
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length), read(content, bytes.length - 5, 5), "the last bytes");
        assertThrows(IndexOutOfBoundsException.class, () -> content.read(bytes.length - 5, 6));
    }

    @Test
    void theSameContentIsKeptOnceAndGoesWithItsLastFile() throws SQLException, IOException {
        byte[] bytes = random(300_000);
        StoredFile first = upload(carol, carols, "offer.bin", bytes);
        StoredFile second = upload(admin, acme, "copy of offer.bin", bytes);

        assertEquals(first.sha256(), second.sha256());
        assertEquals(1, count("SELECT COUNT(*) FROM rapport_file_content"));
        assertEquals(1, count("SELECT COUNT(DISTINCT content_key) FROM rapport_file_chunk"));
        files.delete(carol, first.id());
        assertArrayEquals(bytes, read(files.open(admin, second.id()), 0, bytes.length), "the other file still has it");
        files.delete(admin, second.id());
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file_content"));
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file_chunk"));
    }

    @Test
    void theSameBytesUploadedAtTheSameMomentAreAllKeptAndStoredOnce() throws Exception {
        byte[] bytes = random(200_000);
        // Every upload has streamed its bytes before any records them (the scanner's verdicts wait for all six).
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(6);
        files.addScanner(name -> new FileScanner.Scan() {
            @Override
            public void write(byte[] b, int offset, int length) {
            }

            @Override
            public String verdict() throws IOException {
                try {
                    together.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    return null;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void close() {
            }
        }, "test");
        List<java.util.concurrent.Future<StoredFile>> uploads = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < 6; i++) {
                String name = "double click " + i + ".bin";
                uploads.add(pool.submit(() -> upload(carol, carols, name, bytes)));
            }
            for (java.util.concurrent.Future<StoredFile> upload : uploads) {
                assertEquals(bytes.length, upload.get().size());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(6, files.list(carol, "contact", carols.getId()).size());
        assertEquals(1, count("SELECT COUNT(*) FROM rapport_file_content"));
        assertEquals(1, count("SELECT COUNT(DISTINCT content_key) FROM rapport_file_chunk"));
    }

    @Test
    void theMediaTypeIsJudgedFromTheContentNeverFromTheClient() {
        StoredFile page = files.store(carol, "contact", carols.getId(), new NewFile("invoice.pdf", "application/pdf", false),
                new ByteArrayInputStream("<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8)));
        StoredFile pdf = upload(carol, carols, "contract", "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1));
        StoredFile svg = upload(carol, carols, "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8));

        assertEquals("text/html", page.mediaType());
        assertFalse(page.previewable(), "HTML is only ever an attachment");
        assertEquals("application/pdf", pdf.mediaType());
        assertTrue(pdf.previewable());
        assertEquals("image/svg+xml", svg.mediaType());
        assertFalse(svg.previewable(), "SVG runs scripts: only ever an attachment");
    }

    @Test
    void aFileOverTheCapOrOfARefusedTypeIsRefusedAndNothingOfItIsKept() throws SQLException {
        assertThrows(FileTooLargeException.class, () -> upload(carol, carols, "huge.bin", random(MAX_MB * 1024 * 1024 + 1)));
        byte[] windowsProgram = new byte[4096];
        System.arraycopy("MZ".getBytes(StandardCharsets.US_ASCII), 0, windowsProgram, 0, 2);
        windowsProgram[0x3c] = (byte) 0x80; // where the PE header starts
        System.arraycopy("PE\0\0".getBytes(StandardCharsets.US_ASCII), 0, windowsProgram, 0x80, 4);
        FileRefusedException refused = assertThrows(FileRefusedException.class, () -> upload(carol, carols, "invoice.pdf", windowsProgram));

        assertTrue(refused.getMessage().contains("application/x-msdownload"), refused.getMessage());
        assertEquals(List.of(), files.list(carol, "contact", carols.getId()));
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file_chunk"));
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file_upload"));
    }

    @Test
    void whoMayReadTheRecordReadsItsFilesWhoMayEditItAddsAndDeletesThem() {
        StoredFile notes = upload(carol, carols, "notes.txt", "call notes".getBytes(StandardCharsets.UTF_8));
        StoredFile contract = files.store(carol, "contact", carols.getId(), new NewFile("contract.pdf", null, true),
                new ByteArrayInputStream("%PDF-1.7 penalty clause".getBytes(StandardCharsets.US_ASCII)));

        // alice (another team) reads carol's contact, as her role lets her, but may not change it.
        assertEquals(List.of(notes), files.list(alice, "contact", carols.getId()), "the confidential contract is not even listed");
        assertEquals(notes, files.open(alice, notes.id()).file());
        assertThrows(RecordNotFoundException.class, () -> files.open(alice, contract.id()));
        assertThrows(AccessDeniedException.class, () -> upload(alice, carols, "mine.txt", "x".getBytes(StandardCharsets.UTF_8)));
        assertThrows(AccessDeniedException.class, () -> files.delete(alice, notes.id()));
        assertEquals(2, files.list(carol, "contact", carols.getId()).size());
        assertEquals(2, files.list(admin, "contact", carols.getId()).size());
    }

    @Test
    void anExternalPrincipalReachesOnlyFilesOfRecordsSharedWithItsAccount() {
        StoredFile acmes = upload(admin, acme, "acme terms.txt", "terms".getBytes(StandardCharsets.UTF_8));
        StoredFile globexs = upload(admin, globex, "globex terms.txt", "terms".getBytes(StandardCharsets.UTF_8));
        core.users.createUser(admin, new NewUser("wile", "wile", null, "password-wile", Set.of("portal"), Set.of(), acme.getId()));
        Actor wile = core.users.authenticate("wile", "password-wile").orElseThrow();

        assertEquals(List.of(acmes), files.list(wile, "account", acme.getId()));
        assertEquals(acmes, files.open(wile, acmes.id()).file());
        assertThrows(RecordNotFoundException.class, () -> files.list(wile, "account", globex.getId()));
        assertThrows(RecordNotFoundException.class, () -> files.open(wile, globexs.id()));
        assertThrows(AccessDeniedException.class, () -> upload(wile, acme, "x.txt", "x".getBytes(StandardCharsets.UTF_8)),
                "a portal user changes nothing");
    }

    @Test
    void aCustomerNeverSeesAConfidentialFileEvenOfARecordItMayEdit() {
        // An external principal whose roles let it edit what it made for its account (as portal users their cases).
        core.users.createUser(admin, new NewUser("roadrunner", "roadrunner", null, "password-roadrunner", Set.of("portal", "sales"),
                Set.of(), acme.getId()));
        Actor customer = core.users.authenticate("roadrunner", "password-roadrunner").orElseThrow();
        Record own = core.records.create(customer, "contact", Map.of("lastName", "Runner", "account", acme.getId()));
        StoredFile note = upload(customer, own, "note.txt", "beep".getBytes(StandardCharsets.UTF_8));
        StoredFile pricing = files.store(admin, "contact", own.getId(), new NewFile("price agreement.pdf", null, true),
                new ByteArrayInputStream("%PDF-1.7 discount".getBytes(StandardCharsets.US_ASCII)));

        assertEquals(List.of(note), files.list(customer, "contact", own.getId()));
        assertThrows(RecordNotFoundException.class, () -> files.open(customer, pricing.id()));
        assertEquals(2, files.list(admin, "contact", own.getId()).size());
    }

    /** Freezes the files of a contact once it is archived, for everyone, administrators included. */
    private static final FileChangeGuard ARCHIVED_CONTACTS_KEEP_THEIR_FILES = (actor, record, change) ->
            "contact".equals(record.getType()) && String.valueOf(record.get("lastName")).endsWith("(archived)")
                    ? "The contact is archived: its files stay as they are" : null;

    @Test
    void aFileChangeGuardKeepsTheFilesOfARecordInSomeStateAsTheyAreForEveryone() throws SQLException {
        files.addGuard(ARCHIVED_CONTACTS_KEEP_THEIR_FILES, "test");
        StoredFile before = upload(carol, carols, "proof.txt", "before".getBytes(StandardCharsets.UTF_8));
        Record archived = core.records.update(carol, "contact", carols.getId(), carols.getVersion(), Map.of("lastName", "Weber (archived)"));

        for (Actor anyone : List.of(carol, admin, Actor.system())) {
            FileChangeRefusedException added = assertThrows(FileChangeRefusedException.class,
                    () -> upload(anyone, archived, "late.txt", "late".getBytes(StandardCharsets.UTF_8)));
            assertEquals("The contact is archived: its files stay as they are", added.getMessage());
            assertThrows(FileChangeRefusedException.class, () -> files.delete(anyone, before.id()));
        }
        assertEquals(List.of(before), files.list(admin, "contact", carols.getId()), "nothing changed");
        assertEquals(1, count("SELECT COUNT(*) FROM rapport_file_content"), "nothing of the refused uploads is kept");
        assertThrows(AccessDeniedException.class, () -> upload(alice, archived, "x.txt", "x".getBytes(StandardCharsets.UTF_8)),
                "the right to edit the record is asked first");

        core.records.update(carol, "contact", carols.getId(), archived.getVersion(), Map.of("lastName", "Weber"));
        files.delete(carol, before.id());
        assertEquals(List.of(), files.list(admin, "contact", carols.getId()), "changeable again in another state");
    }

    @Test
    void aRecordThatIsFrozenWhileAFileIsUploadedKeepsNoneOfIt() throws SQLException {
        files.addGuard(ARCHIVED_CONTACTS_KEEP_THEIR_FILES, "test");
        InputStream archivedMeanwhile = new ByteArrayInputStream("proof".getBytes(StandardCharsets.UTF_8)) {
            private boolean archived;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (!archived) {
                    archived = true;
                    core.records.update(admin, "contact", carols.getId(), carols.getVersion(), Map.of("lastName", "Weber (archived)"));
                }
                return super.read(b, off, len);
            }
        };

        assertThrows(FileChangeRefusedException.class, () -> files.store(carol, "contact", carols.getId(), new NewFile("proof.txt", null, false),
                archivedMeanwhile));
        assertEquals(List.of(), files.list(admin, "contact", carols.getId()));
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file_content"));
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file_chunk"));
    }

    @Test
    void deletingARecordDeletesItsFilesAndTheirContent() throws SQLException {
        StoredFile file = upload(carol, carols, "scan.bin", random(10_000));

        core.records.delete(carol, "contact", carols.getId(), carols.getVersion());

        assertThrows(RecordNotFoundException.class, () -> files.get(admin, file.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file"));
        assertEquals(0, count("SELECT COUNT(*) FROM rapport_file_chunk"));
    }

    @Test
    void uploadsDownloadsOfConfidentialFilesAndDeletesAreInTheRecordsAuditTrail() throws IOException {
        StoredFile contract = files.store(carol, "contact", carols.getId(), new NewFile("contract.pdf", null, true),
                new ByteArrayInputStream("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)));
        StoredFile notes = upload(carol, carols, "notes.txt", "notes".getBytes(StandardCharsets.UTF_8));
        files.open(admin, contract.id()).read().close();
        files.open(admin, notes.id()).read().close();
        files.delete(carol, contract.id());

        List<String> trail = new ArrayList<>();
        for (Change change : core.records.history(admin, "contact", carols.getId(), 10)) {
            trail.add(change.actorName() + " " + change.operation() + (change.newValue() == null ? "" : " " + change.newValue()));
        }
        assertEquals(List.of("carol FILE_DEL contract.pdf", "root FILE_READ contract.pdf", "carol FILE_ADD notes.txt",
                "carol FILE_ADD contract.pdf", "carol CREATE"), trail.stream().map(s -> s.replaceAll(" CREATE .*", " CREATE")).toList());
    }

    @Test
    void anInfectedFileIsRefusedAndAScannerThatGivesNoVerdictRefusesEveryUpload() throws SQLException {
        FileScanner finder = name -> new FileScanner.Scan() {
            private final StringBuilder seen = new StringBuilder();

            @Override
            public void write(byte[] bytes, int offset, int length) {
                seen.append(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
            }

            @Override
            public String verdict() {
                return seen.toString().contains("EICAR-STANDARD-ANTIVIRUS-TEST-FILE") ? "Eicar-Test-Signature" : null;
            }

            @Override
            public void close() {
            }
        };
        files.addScanner(finder, "test");
        byte[] eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*".getBytes(StandardCharsets.US_ASCII);

        FileRefusedException refused = assertThrows(FileRefusedException.class, () -> upload(carol, carols, "eicar.com", eicar));
        assertTrue(refused.getMessage().contains("Eicar-Test-Signature"), refused.getMessage());
        assertEquals("clean.txt", upload(carol, carols, "clean.txt", "hello".getBytes(StandardCharsets.UTF_8)).name());

        files.removeScanner(finder);
        FileScanner down = name -> {
            throw new IOException("Connection refused");
        };
        files.addScanner(down, "test");
        assertThrows(BusyException.class, () -> upload(carol, carols, "more.txt", "hello again".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, files.list(carol, "contact", carols.getId()).size());
        assertEquals(1, count("SELECT COUNT(*) FROM rapport_file_chunk"));
    }

    @Test
    void theTextOfAFileIsExtractedInTheBackgroundAndFindsItsRecord() {
        List<String> told = new CopyOnWriteArrayList<>();
        texts.addListener((String type, Collection<String> ids) -> told.add(type + " " + ids), "test");
        texts.addExtractor(new FileTextExtractor() {
            @Override
            public boolean canExtract(String mediaType) {
                return mediaType.equals("text/plain");
            }

            @Override
            public String extract(InputStream content, String mediaType, int maxCharacters) throws IOException {
                return new String(content.readAllBytes(), StandardCharsets.UTF_8);
            }
        }, "test");
        StoredFile contract = upload(carol, carols, "contract.txt", "The penalty clause applies after 30 days.".getBytes(StandardCharsets.UTF_8));
        StoredFile picture = upload(carol, carols, "photo.png", random(2000));
        assertEquals(TextState.PENDING, contract.text());
        assertEquals(List.of("contact [" + carols.getId() + "]", "contact [" + carols.getId() + "]"), told, "names are searchable at once");

        core.tasks.runAll(texts);

        assertEquals(TextState.EXTRACTED, files.get(carol, contract.id()).text());
        assertEquals(TextState.NONE, files.get(carol, picture.id()).text(), "no extractor reads it");
        String words = texts.texts("contact", List.of(carols.getId(), globex.getId())).get(carols.getId());
        assertTrue(words.contains("penalty clause") && words.contains("contract.txt") && words.contains("photo.png"), words);
        assertEquals(3, told.size(), "told again once the text is there");
        assertEquals(Map.of(carols.getId(), List.of(files.get(carol, contract.id()))),
                files.matching(alice, "contact", List.of(carols.getId(), acme.getId()), "PENALTY claus"), "which file a hit was found by");
        assertEquals(Map.of(), files.matching(alice, "contact", List.of(carols.getId()), "penalty fee"), "every word must be there");
        assertEquals(Set.of(carols.getId()), files.matching(alice, "contact", List.of(carols.getId()), "photo").keySet(), "by its name too");
        assertEquals(Map.of(), texts.texts("account", List.of(globex.getId())));
    }

    @Test
    void theDataExportOfAContactHoldsItsRecordHistoryRelatedRecordsAndFiles() throws IOException {
        ExportServiceImpl exports = new ExportServiceImpl(core.records, core.metadata, core.policy, core.files);
        Record call = core.records.create(carol, "activity", Map.of("subject", "Call about the offer", "activityType", "Call",
                "contact", carols.getId()));
        byte[] scan = random(50_000);
        core.files.store(carol, "contact", carols.getId(), new NewFile("passport scan.png", null, true), new ByteArrayInputStream(scan));
        Actor manager = core.user("mia", Set.of("sales-manager"), Set.of(south));

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        exports.exportRecordData(manager, "contact", carols.getId(), zip);

        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertTrue(new String(entries.get("record.json"), StandardCharsets.UTF_8).contains("Weber"));
        assertTrue(new String(entries.get("history.ndjson"), StandardCharsets.UTF_8).contains("FILE_ADD"));
        assertTrue(new String(entries.get("related/activities-by-contact.ndjson"), StandardCharsets.UTF_8).contains(call.getId()), entries.keySet().toString());
        assertTrue(new String(entries.get("files.ndjson"), StandardCharsets.UTF_8).contains("passport scan.png"));
        assertArrayEquals(scan, entries.get("files/passport scan.png"));
        assertTrue(core.records.history(admin, "contact", carols.getId(), 5).stream().anyMatch(c -> c.operation().equals("FILE_READ")),
                "the confidential scan's download is audited");
        assertThrows(AccessDeniedException.class, () -> exports.exportRecordData(alice, "contact", carols.getId(), new ByteArrayOutputStream()),
                "sales users do not export");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
