package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.rapportcrm.platform.api.file.FileRefusedException;
import org.rapportcrm.platform.api.file.FileScanner;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.FileTextExtractor;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.files.testing.RealClamd;
import org.rapportcrm.platform.files.testing.TestDocuments;

/**
 * The files bundle inside the distribution: the text of a PDF and a DOCX through the extractor service, the EICAR file
 * refused by a real clamd once the scanner is configured in {@code etc/org.rapportcrm.files.clamav.cfg}, and both
 * through the platform's file store: an uploaded contract's record is found by a phrase of its text.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FileInspectionIT {
    private static final String PHRASE = "The penalty clause applies from the tenth day of delay.";
    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    @Inject
    private BundleContext context;

    @Inject
    private FileScanner scanner;

    @Inject
    private FileService files;

    @Inject
    private RecordService records;

    @Configuration
    public Option[] config() throws IOException {
        // Runs outside the container: make the documents and start clamd here, hand their places to the container.
        Path dir = Files.createDirectories(Path.of(System.getProperty("rapport.workDir", "target/servers"), "files-it"));
        Files.write(dir.resolve("contract.pdf"), TestDocuments.pdf(50, PHRASE, 37));
        Files.write(dir.resolve("contract.docx"), TestDocuments.docx("Master services agreement", PHRASE));
        Files.write(dir.resolve("eicar.com"), RealClamd.eicar());
        RealClamd clamd = RealClamd.in(dir.resolve("clamd")).start();
        Runtime.getRuntime().addShutdownHook(new Thread(clamd::close));
        return Stream.concat(Stream.of(RapportExam.distribution(RapportExam.port(18581), RapportExam.port(18501))), Stream.of(
                editConfigurationFilePut("etc/org.rapportcrm.files.clamav.cfg", "port", String.valueOf(clamd.port())),
                systemProperty("rapport.filesIt.dir").value(dir.toAbsolutePath().toString()))).toArray(Option[]::new);
    }

    @Test
    public void theTextOfAPdfAndADocxIsReadThroughTheExtractorService() throws Exception {
        FileTextExtractor extractor = extractorFor("application/pdf");
        String pdf = extractor.extract(document("contract.pdf"), "application/pdf", 1_000_000);
        assertTrue(pdf, pdf.contains(PHRASE) && pdf.contains("Page 50 line 40"));
        String docx = extractorFor(DOCX).extract(document("contract.docx"), DOCX, 10_000);
        assertTrue(docx, docx.contains(PHRASE));
        // The core may know a DOCX only by its content: Tika's detector then says OOXML.
        assertTrue(extractorFor("application/x-tika-ooxml").extract(document("contract.docx"), "application/x-tika-ooxml", 10_000).contains(PHRASE));
    }

    @Test
    public void theConfiguredClamdRefusesTheEicarFileAndPassesACleanOne() throws Exception {
        assertEquals(RealClamd.THREAT, scan(Files.readAllBytes(dir().resolve("eicar.com"))));
        assertNull(scan(Files.readAllBytes(dir().resolve("contract.pdf"))));
    }

    @Test
    public void anUploadedContractIsFoundByAPhraseFromItsTextAndTheEicarFileIsRefused() throws Exception {
        Record account = records.create(Actor.system(), "account", Map.of("name", "Tenth Day Logistics"));
        StoredFile contract = files.store(Actor.system(), "account", account.getId(), new NewFile("contract.pdf", null, false),
                document("contract.pdf"));
        assertEquals("application/pdf", contract.mediaType());
        RapportExam.await(() -> files.get(Actor.system(), contract.id()).text() == StoredFile.TextState.EXTRACTED, "the contract's text extracted");
        RapportExam.await(() -> records.search(Actor.system(), "penalty clause tenth", 5).stream().anyMatch(r -> r.getId().equals(account.getId())),
                "the account found by a phrase of its contract");
        try {
            files.store(Actor.system(), "account", account.getId(), new NewFile("invoice.pdf", "application/pdf", false), document("eicar.com"));
            fail("The EICAR file was kept");
        } catch (FileRefusedException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(RealClamd.THREAT));
        }
        assertEquals(List.of(contract.id()), files.list(Actor.system(), "account", account.getId()).stream().map(StoredFile::id).toList());
    }

    private String scan(byte[] content) throws IOException {
        try (FileScanner.Scan scan = scanner.begin("upload")) {
            scan.write(content, 0, content.length);
            return scan.verdict();
        }
    }

    private FileTextExtractor extractorFor(String mediaType) throws Exception {
        Collection<ServiceReference<FileTextExtractor>> references = context.getServiceReferences(FileTextExtractor.class, null);
        for (ServiceReference<FileTextExtractor> reference : references) {
            FileTextExtractor extractor = context.getService(reference);
            if (extractor.canExtract(mediaType)) {
                return extractor;
            }
        }
        throw new AssertionError("No extractor reads " + mediaType + " among " + references.size());
    }

    private static InputStream document(String name) {
        try {
            return Files.newInputStream(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dir() {
        return Path.of(System.getProperty("rapport.filesIt.dir"));
    }
}
