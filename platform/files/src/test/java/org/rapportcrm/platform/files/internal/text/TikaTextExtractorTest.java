package org.rapportcrm.platform.files.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tika.Tika;
import org.apache.tika.mime.MimeTypes;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.files.testing.TestDocuments;

/** The text the global search gets from the documents users attach. */
class TikaTextExtractorTest {
    private static final String PHRASE = "A penalty clause of 5 % applies to late delivery by Müller & Söhne.";
    private static final String PDF = "application/pdf";
    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private final TikaTextExtractor extractor = new TikaTextExtractor();

    @Test
    void aFiftyPagePdfGivesTheTextOfEveryPage() throws IOException {
        String text = extract(TestDocuments.pdf(50, PHRASE, 37), PDF, 1_000_000);
        assertTrue(text.contains(PHRASE), "the phrase on page 37");
        assertTrue(text.contains("Page 1 line 1:") && text.contains("Page 50 line 40:"), "first and last page");
    }

    @Test
    void readingStopsAtMaxCharacters() throws IOException {
        String text = extract(TestDocuments.pdf(50, PHRASE, 37), PDF, 500);
        assertTrue(text.length() <= 500, "at most 500 characters, not " + text.length());
        assertTrue(text.startsWith("Page 1 line 1:"), text);
        String docx = extract(TestDocuments.docx("x".repeat(300), "y".repeat(300)), DOCX, 400);
        assertTrue(docx.length() <= 400 && docx.startsWith("x".repeat(300)), docx);
    }

    @Test
    void officeDocumentsOfEveryKindGiveTheirText() throws IOException {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        documents.put(DOCX, TestDocuments.docx("Master services agreement", PHRASE));
        documents.put("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", TestDocuments.xlsx("Deal", PHRASE));
        documents.put("application/vnd.openxmlformats-officedocument.presentationml.presentation", TestDocuments.pptx("Kick-off", PHRASE));
        documents.put("application/vnd.ms-excel", TestDocuments.xls("Deal", PHRASE));
        documents.put("application/vnd.ms-powerpoint", TestDocuments.ppt("Kick-off", PHRASE));
        documents.put("application/vnd.oasis.opendocument.text", TestDocuments.odt("Master services agreement", PHRASE));
        documents.put("application/vnd.oasis.opendocument.spreadsheet", TestDocuments.ods("Deal", PHRASE));
        documents.put("application/vnd.oasis.opendocument.presentation", TestDocuments.odp("Kick-off", PHRASE));
        documents.put("application/rtf", TestDocuments.rtf("Master services agreement", PHRASE));
        for (Map.Entry<String, byte[]> document : documents.entrySet()) {
            assertTrue(extract(document.getValue(), document.getKey(), 10_000).contains(PHRASE), document.getKey());
        }
    }

    @Test
    void htmlGivesItsTextWithoutMarkupOrScripts() throws IOException {
        String html = "<html><head><meta charset=\"windows-1252\"><title>Offer</title><script>var secret = 'tracking';</script>"
                + "<style>p { color: red }</style></head><body><p>A <b>penalty</b> clause for Müller</p></body></html>";
        String text = extract(html.getBytes(Charset.forName("windows-1252")), "text/html", 10_000);
        assertTrue(text.contains("A penalty clause for Müller"), text);
        assertFalse(text.contains("secret") || text.contains("color") || text.contains("<"), text);
    }

    @Test
    void plainTextIsReadInTheCharsetItWasWrittenIn() throws IOException {
        String letter = "Sehr geehrter Herr Müller, die Vertragsstrafe für verspätete Lieferung beträgt 5 %. Grüße aus Köln";
        assertEquals(letter, extract(letter.getBytes(StandardCharsets.UTF_8), "text/plain", 10_000));
        assertEquals(letter, extract(letter.getBytes(Charset.forName("windows-1252")), "text/plain", 10_000));
        assertEquals(letter, extract(withBom(letter), "text/plain; charset=UTF-16", 10_000));
        assertEquals("# Minutes\n\nPenalty clause agreed.", extract("# Minutes\n\nPenalty clause agreed.".getBytes(StandardCharsets.UTF_8), "text/markdown", 10_000));
        String csv = extract("name,amount\nMüller,1200\n".getBytes(StandardCharsets.UTF_8), "text/csv", 10_000);
        assertTrue(csv.contains("Müller") && csv.contains("1200"), csv);
    }

    @Test
    void anEncryptedPdfIsAnIoExceptionSayingSo() {
        IOException failure = assertThrows(IOException.class, () -> extract(TestDocuments.encryptedPdf(PHRASE), PDF, 10_000));
        assertTrue(failure.getMessage().contains("encrypted"), failure.getMessage());
    }

    @Test
    void damagedDocumentsAreIoExceptions() {
        byte[] pdf = TestDocuments.pdf(3, PHRASE, 2);
        assertThrows(IOException.class, () -> extract(Arrays.copyOf(pdf, pdf.length / 3), PDF, 10_000));
        assertThrows(IOException.class, () -> extract("%PDF-1.7\nnot a pdf at all".getBytes(StandardCharsets.US_ASCII), PDF, 10_000));
        byte[] docx = TestDocuments.docx(PHRASE);
        assertThrows(IOException.class, () -> extract(Arrays.copyOf(docx, docx.length / 2), DOCX, 10_000));
        assertThrows(IOException.class, () -> extract(new byte[] {1, 2, 3}, "application/msword", 10_000));
    }

    @Test
    void theCallersStreamIsLeftForTheCallerToClose() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream content = new ByteArrayInputStream("penalty clause".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        assertEquals("penalty clause", extractor.extract(content, "text/plain", 100));
        assertFalse(closed.get());
    }

    /**
     * The platform detects an upload's type with tika-core alone (magic bytes and the file's name): every type it gives
     * a document, with or without the name, is one the extractor reads.
     */
    @Test
    void everyTypeTikaCoreDetectsForTheseDocumentsIsRead() throws IOException {
        Tika detector = new Tika(MimeTypes.getDefaultMimeTypes());
        Map<String, byte[]> documents = new LinkedHashMap<>();
        documents.put("contract.pdf", TestDocuments.pdf(1, PHRASE, 1));
        documents.put("contract.docx", TestDocuments.docx(PHRASE));
        documents.put("deals.xlsx", TestDocuments.xlsx(PHRASE));
        documents.put("kick-off.pptx", TestDocuments.pptx(PHRASE));
        documents.put("deals.xls", TestDocuments.xls(PHRASE));
        documents.put("kick-off.ppt", TestDocuments.ppt(PHRASE));
        documents.put("contract.odt", TestDocuments.odt(PHRASE));
        documents.put("deals.ods", TestDocuments.ods(PHRASE));
        documents.put("kick-off.odp", TestDocuments.odp(PHRASE));
        documents.put("contract.rtf", TestDocuments.rtf(PHRASE));
        documents.put("offer.html", ("<!DOCTYPE html><html><body><p>" + PHRASE + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
        documents.put("notes.txt", PHRASE.getBytes(StandardCharsets.UTF_8));
        documents.put("deals.csv", ("name,amount\n" + PHRASE.replace(",", "") + ",1\n").getBytes(StandardCharsets.UTF_8));
        documents.put("minutes.md", ("# Minutes\n\n" + PHRASE).getBytes(StandardCharsets.UTF_8));
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, byte[]> document : documents.entrySet()) {
            String named = detector.detect(new ByteArrayInputStream(document.getValue()), document.getKey());
            String unnamed = detector.detect(new ByteArrayInputStream(document.getValue()));
            report.append(document.getKey()).append(": ").append(named).append(" | without name: ").append(unnamed).append('\n');
            for (String type : new String[] {named, unnamed}) {
                assertTrue(extractor.canExtract(type), document.getKey() + " detected as " + type);
                assertTrue(extract(document.getValue(), type, 10_000).contains(PHRASE.replace(",", "")),
                        document.getKey() + " read as " + type);
            }
        }
        System.out.print(report);
    }

    @Test
    void mediaTypesOfOtherFilesAreNotTaken() {
        for (String type : new String[] {"image/png", "application/zip", "application/octet-stream", "image/svg+xml", "video/mp4"}) {
            assertFalse(extractor.canExtract(type), type);
        }
        assertTrue(extractor.canExtract("TEXT/PLAIN; charset=ISO-8859-1"));
    }

    private String extract(byte[] content, String mediaType, int maxCharacters) throws IOException {
        return extractor.extract(new ByteArrayInputStream(content), mediaType, maxCharacters);
    }

    private static byte[] withBom(String text) {
        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16BE);
        byte[] bytes = new byte[utf16.length + 2];
        bytes[0] = (byte) 0xFE;
        bytes[1] = (byte) 0xFF;
        System.arraycopy(utf16, 0, bytes, 2, utf16.length);
        return bytes;
    }
}
