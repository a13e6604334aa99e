package org.rapportcrm.bench.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** A contract-like PDF of text pages: 45 lines of generated prose each, and a given phrase on the last page. */
final class ContractPdf {
    private static final String[] WORDS = {"agreement", "party", "delivery", "invoice", "term", "notice", "liability", "service",
        "customer", "supplier", "schedule", "payment", "warranty", "period", "obligation", "written", "consent", "shall", "within",
        "days", "of", "the", "and", "to", "each", "any", "such", "under", "this", "by"};
    private static final int LINES_PER_PAGE = 45;
    private static final int WORDS_PER_LINE = 12;

    private ContractPdf() {
    }

    /** @return the PDF's bytes */
    static byte[] of(int pages, String lastPagePhrase) throws IOException {
        SplittableRandom random = new SplittableRandom(BenchContext.SEED);
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
                    text.beginText();
                    text.setFont(font, 10);
                    text.setLeading(14);
                    text.newLineAtOffset(60, 740);
                    text.showText("Section " + p);
                    for (int line = 0; line < LINES_PER_PAGE; line++) {
                        text.newLine();
                        if (p == pages && line == LINES_PER_PAGE / 2) {
                            text.showText("The " + lastPagePhrase + " applies to every delivery made late.");
                            continue;
                        }
                        StringBuilder words = new StringBuilder();
                        for (int w = 0; w < WORDS_PER_LINE; w++) {
                            words.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                        }
                        text.showText(words.toString());
                    }
                    text.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
