package org.rapportcrm.platform.files.internal.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.tika.detect.CompositeEncodingDetector;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.csv.TextAndCSVParser;
import org.apache.tika.parser.html.HtmlEncodingDetector;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.odf.OpenDocumentParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.Icu4jEncodingDetector;
import org.apache.tika.parser.txt.UniversalEncodingDetector;
import org.apache.tika.sax.BodyContentHandler;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.file.FileTextExtractor;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Reads the text of PDFs, office documents (OOXML, OpenDocument, the older binary Word, Excel and PowerPoint, RTF), HTML
 * and plain text with Apache Tika's parsers for just those formats. Embedded documents (a sheet inside a letter, a
 * zip inside a PDF) are not opened: their text is not the document's and each is another chance of a costly parse.
 * Parsing stops as soon as {@code maxCharacters} are read.
 */
@Component(service = FileTextExtractor.class)
public class TikaTextExtractor implements FileTextExtractor {
    /** What the plain-text parser is told, so it reads the bytes as text instead of guessing a table format. */
    private static final String PLAIN_TEXT = "text/plain";

    /** What PDFBox may hold in the heap for one document before it uses temporary files. */
    private static final long PDF_MAX_HEAP_BYTES = 32L * 1024 * 1024;

    private final Map<String, Parser> parsers = new HashMap<>();
    private final EmbeddedDocumentExtractor skipEmbedded = new SkipEmbeddedDocuments();
    private final PDFParserConfig pdfConfig = new PDFParserConfig();
    private final OfficeParserConfig officeConfig = new OfficeParserConfig();

    public TikaTextExtractor() {
        // Explicit detectors and parsers: Tika's defaults look them up through ServiceLoader and the thread's
        // context class loader, which in Karaf is arbitrary.
        EncodingDetector textEncodings = new CompositeEncodingDetector(List.of(new UniversalEncodingDetector(), new Icu4jEncodingDetector()));
        EncodingDetector htmlEncodings = new CompositeEncodingDetector(
                List.of(new HtmlEncodingDetector(), new UniversalEncodingDetector(), new Icu4jEncodingDetector()));
        pdfConfig.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdfConfig.setExtractInlineImages(false);
        pdfConfig.setMaxMainMemoryBytes(PDF_MAX_HEAP_BYTES);
        // Streamed reading of Word and PowerPoint files: their text is read without the whole document in the heap.
        officeConfig.setUseSAXDocxExtractor(true);
        officeConfig.setUseSAXPptxExtractor(true);
        officeConfig.setExtractMacros(false);
        register(new PDFParser(), MediaTypes.PDF);
        register(new OOXMLParser(), MediaTypes.OOXML);
        register(new OfficeParser(), MediaTypes.OLE2);
        register(new OpenDocumentParser(), MediaTypes.OPEN_DOCUMENT);
        register(new RTFParser(), MediaTypes.RTF);
        register(new JSoupParser(htmlEncodings), MediaTypes.HTML);
        register(new TextAndCSVParser(textEncodings), MediaTypes.PLAIN_TEXT);
    }

    private void register(Parser parser, Set<String> mediaTypes) {
        mediaTypes.forEach(type -> parsers.put(type, parser));
    }

    @Override
    public boolean canExtract(String mediaType) {
        return mediaType != null && parsers.containsKey(MediaTypes.baseOf(mediaType));
    }

    @Override
    public String extract(InputStream content, String mediaType, int maxCharacters) throws IOException {
        String type = MediaTypes.baseOf(mediaType);
        Parser parser = parsers.get(type);
        if (parser == null) {
            throw new IllegalArgumentException("No text is read from " + mediaType);
        }
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, MediaTypes.PLAIN_TEXT.contains(type) ? PLAIN_TEXT : type);
        ContentHandler text = new BodyContentHandler(Math.max(0, maxCharacters));
        ParseContext context = new ParseContext();
        context.set(EmbeddedDocumentExtractor.class, skipEmbedded);
        context.set(PDFParserConfig.class, pdfConfig);
        context.set(OfficeParserConfig.class, officeConfig);
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        // XMLBeans (under POI) finds its schema types through the context class loader.
        thread.setContextClassLoader(TikaTextExtractor.class.getClassLoader());
        try (TemporaryResources temporary = new TemporaryResources();
                TikaInputStream stream = TikaInputStream.get(CloseShieldInputStream.wrap(content), temporary, metadata)) {
            parser.parse(stream, text, metadata, context);
        } catch (SAXException | TikaException | IOException | RuntimeException | LinkageError e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw unreadable(e);
            }
        } finally {
            thread.setContextClassLoader(callers);
        }
        return text.toString().strip();
    }

    private static IOException unreadable(Throwable failure) {
        if (failure instanceof IOException io && !(failure instanceof java.io.UncheckedIOException)) {
            return io;
        }
        if (hasCause(failure, EncryptedDocumentException.class) || hasCause(failure, org.apache.poi.EncryptedDocumentException.class)) {
            return new IOException("The document is encrypted: its text cannot be read", failure);
        }
        return new IOException("The document cannot be read: " + failure, failure);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Embedded documents are left out of the text. */
    private static final class SkipEmbeddedDocuments implements EmbeddedDocumentExtractor {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
            // never asked: shouldParseEmbedded says no
        }
    }
}
