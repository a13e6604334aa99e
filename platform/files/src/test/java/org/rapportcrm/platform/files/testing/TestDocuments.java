package org.rapportcrm.platform.files.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.sl.usermodel.SlideShow;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Documents made in the test, so no binary file of unknown origin is committed: PDFs with PDFBox, Office files with
 * POI, OpenDocument files with a zip writer. Each holds the given paragraphs (or cells, or slides) as its text.
 */
public final class TestDocuments {
    private TestDocuments() {
    }

    /** A PDF of {@code pages} pages of about 3,000 characters each; {@code phrase} is on page {@code phrasePage} (1-based). */
    public static byte[] pdf(int pages, String phrase, int phrasePage) {
        return pdf(pages, phrase, phrasePage, null);
    }

    /** The same, encrypted with a user password: it cannot be opened without it. */
    public static byte[] encryptedPdf(String phrase) {
        return pdf(1, phrase, 1, "user-secret");
    }

    private static byte[] pdf(int pages, String phrase, int phrasePage, String userPassword) {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int number = 1; number <= pages; number++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(font, 10);
                    text.setLeading(14);
                    text.newLineAtOffset(50, 790);
                    for (String line : pageLines(number, number == phrasePage ? phrase : null)) {
                        text.showText(line);
                        text.newLine();
                    }
                    text.endText();
                }
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** About 3,000 characters of contract-like text for one page, with the phrase in the middle if given. */
    public static List<String> pageLines(int page, String phrase) {
        List<String> lines = new ArrayList<>();
        for (int line = 1; line <= 40; line++) {
            lines.add("Page " + page + " line " + line + ": the parties agree on the terms of delivery set out herein.");
            if (line == 20 && phrase != null) {
                lines.add(phrase);
            }
        }
        return lines;
    }

    public static byte[] docx(String... paragraphs) {
        try (XWPFDocument document = new XWPFDocument()) {
            for (String paragraph : paragraphs) {
                document.createParagraph().createRun().setText(paragraph);
            }
            return bytes(document::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] xlsx(String... cells) {
        return workbook(new XSSFWorkbook(), cells);
    }

    /** The old binary Excel format. */
    public static byte[] xls(String... cells) {
        return workbook(new HSSFWorkbook(), cells);
    }

    private static byte[] workbook(Workbook workbook, String... cells) {
        try (workbook) {
            Sheet sheet = workbook.createSheet("Deals");
            for (int i = 0; i < cells.length; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue(cells[i]);
                row.createCell(1).setCellValue(1000.0 * (i + 1));
            }
            return bytes(workbook::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] pptx(String... slides) {
        return slideShow(new XMLSlideShow(), slides);
    }

    /** The old binary PowerPoint format. */
    public static byte[] ppt(String... slides) {
        return slideShow(new HSLFSlideShow(), slides);
    }

    private static byte[] slideShow(SlideShow<?, ?> show, String... slides) {
        try (show) {
            for (String text : slides) {
                show.createSlide().createTextBox().setText(text);
            }
            return bytes(show::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] odt(String... paragraphs) {
        StringBuilder body = new StringBuilder("<office:text>");
        for (String paragraph : paragraphs) {
            body.append("<text:p>").append(xml(paragraph)).append("</text:p>");
        }
        return openDocument("application/vnd.oasis.opendocument.text", body.append("</office:text>").toString());
    }

    public static byte[] ods(String... cells) {
        StringBuilder body = new StringBuilder("<office:spreadsheet><table:table table:name=\"Deals\">");
        for (String cell : cells) {
            body.append("<table:table-row><table:table-cell office:value-type=\"string\"><text:p>").append(xml(cell))
                    .append("</text:p></table:table-cell></table:table-row>");
        }
        return openDocument("application/vnd.oasis.opendocument.spreadsheet", body.append("</table:table></office:spreadsheet>").toString());
    }

    public static byte[] odp(String... slides) {
        StringBuilder body = new StringBuilder("<office:presentation>");
        for (int i = 0; i < slides.length; i++) {
            body.append("<draw:page draw:name=\"s").append(i + 1).append("\"><draw:frame svg:width=\"20cm\" svg:height=\"3cm\"><draw:text-box><text:p>")
                    .append(xml(slides[i])).append("</text:p></draw:text-box></draw:frame></draw:page>");
        }
        return openDocument("application/vnd.oasis.opendocument.presentation", body.append("</office:presentation>").toString());
    }

    /** An OpenDocument package: the uncompressed {@code mimetype} entry first, as the format requires, then manifest and content. */
    private static byte[] openDocument(String mediaType, String body) {
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
                + " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""
                + " office:version=\"1.2\"><office:body>" + body + "</office:body></office:document-content>";
        String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + mediaType + "\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] type = mediaType.getBytes(StandardCharsets.US_ASCII);
            ZipEntry mimetype = new ZipEntry("mimetype");
            mimetype.setMethod(ZipEntry.STORED);
            mimetype.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            mimetype.setCrc(crc.getValue());
            zip.putNextEntry(mimetype);
            zip.write(type);
            zip.putNextEntry(new ZipEntry("META-INF/manifest.xml"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("content.xml"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** RTF with one paragraph per line; characters beyond ASCII as RTF's Unicode escapes. */
    public static byte[] rtf(String... paragraphs) {
        StringBuilder rtf = new StringBuilder("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24 ");
        for (String paragraph : paragraphs) {
            paragraph.codePoints().forEach(c -> {
                if (c == '\\' || c == '{' || c == '}') {
                    rtf.append('\\').appendCodePoint(c);
                } else if (c < 128) {
                    rtf.appendCodePoint(c);
                } else {
                    rtf.append("\\u").append(c).append('?');
                }
            });
            rtf.append("\\par ");
        }
        return rtf.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private interface Writer {
        void write(ByteArrayOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writer writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out);
        return out.toByteArray();
    }
}
