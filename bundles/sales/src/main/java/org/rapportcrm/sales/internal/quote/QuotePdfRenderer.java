package org.rapportcrm.sales.internal.quote;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.rapportcrm.platform.api.record.Money;

/**
 * Lays a quote out as an A4 PDF: the seller, the quote's particulars, a table of its lines, then one row each for
 * Subtotal, Discount, Tax and Total (label left, amount right, as {@link AmountFormat} writes it). The standard
 * Helvetica font covers Western European text (Windows-1252); other scripts would need an embedded font.
 */
final class QuotePdfRenderer {
    private static final Font NORMAL = FontFactory.getFont(FontFactory.HELVETICA, 10);
    private static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA, 8);
    private static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 10);
    private static final Font SELLER = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14);
    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);
    private static final float MARGIN = 50;

    /** Who sends the quote, from the configuration {@link QuotePdfConfig}. */
    record Seller(String name, String address, String footer) {
        static Seller of(QuotePdfConfig config) {
            return new Seller(config.companyName(), config.companyAddress(), config.footerText());
        }
    }

    byte[] render(QuoteSheet sheet, Seller seller) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, MARGIN, MARGIN, MARGIN, MARGIN + 20);
        PdfWriter writer = PdfWriter.getInstance(document, out);
        writer.setPageEvent(new Footer(seller.footer()));
        document.addTitle(sheet.name() == null ? sheet.quoteNumber() : sheet.name());
        document.addCreator("Rapport");
        document.open();
        document.add(sellerBlock(seller));
        document.add(title(sheet));
        document.add(particulars(sheet));
        document.add(lines(sheet));
        document.add(totals(sheet));
        if (sheet.terms() != null) {
            Paragraph terms = new Paragraph(sheet.terms(), NORMAL);
            terms.setSpacingBefore(18);
            document.add(terms);
        }
        document.close();
        return out.toByteArray();
    }

    private static Paragraph sellerBlock(Seller seller) {
        Paragraph block = new Paragraph(orEmpty(seller.name()), SELLER);
        if (seller.address() != null && !seller.address().isBlank()) {
            block.add(new Phrase("\n" + seller.address().strip(), NORMAL));
        }
        block.setSpacingAfter(24);
        return block;
    }

    private static Paragraph title(QuoteSheet sheet) {
        Paragraph title = new Paragraph(orEmpty(sheet.name()), TITLE);
        title.setSpacingAfter(10);
        return title;
    }

    private static PdfPTable particulars(QuoteSheet sheet) {
        PdfPTable table = table(new float[] {1, 3}, 60, Element.ALIGN_LEFT);
        row(table, "Quote number", sheet.quoteNumber(), NORMAL);
        row(table, "Revision", String.valueOf(sheet.revision()), NORMAL);
        row(table, "Date", date(sheet.date()), NORMAL);
        row(table, "Valid until", date(sheet.validUntil()), NORMAL);
        row(table, "Account", orEmpty(sheet.accountName()), NORMAL);
        row(table, "Contact", orEmpty(sheet.contactName()), NORMAL);
        table.setSpacingAfter(18);
        return table;
    }

    private static PdfPTable lines(QuoteSheet sheet) {
        PdfPTable table = table(new float[] {8, 2, 3, 2, 3}, 100, Element.ALIGN_LEFT);
        table.setHeaderRows(1);
        for (String heading : new String[] {"Description", "Quantity", "Unit price", "Discount", "Line total"}) {
            PdfPCell cell = cell(heading, BOLD, "Description".equals(heading) ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            cell.setBorder(Rectangle.BOTTOM);
            table.addCell(cell);
        }
        for (QuoteSheet.Line line : sheet.lines()) {
            table.addCell(cell(orEmpty(line.description()), NORMAL, Element.ALIGN_LEFT));
            table.addCell(cell(number(line.quantity()), NORMAL, Element.ALIGN_RIGHT));
            table.addCell(cell(AmountFormat.format(line.unitPrice()), NORMAL, Element.ALIGN_RIGHT));
            table.addCell(cell(percent(line.discountPercent()), NORMAL, Element.ALIGN_RIGHT));
            table.addCell(cell(AmountFormat.format(line.lineTotal()), NORMAL, Element.ALIGN_RIGHT));
        }
        table.setSpacingAfter(12);
        return table;
    }

    private static PdfPTable totals(QuoteSheet sheet) {
        PdfPTable table = table(new float[] {1, 1}, 45, Element.ALIGN_RIGHT);
        amountRow(table, "Subtotal", sheet.subtotal(), NORMAL);
        amountRow(table, withPercent("Discount", sheet.discountPercent()), sheet.discountAmount(), NORMAL);
        amountRow(table, withPercent("Tax", sheet.taxPercent()), sheet.taxAmount(), NORMAL);
        amountRow(table, "Total", sheet.total(), BOLD);
        return table;
    }

    private static void amountRow(PdfPTable table, String label, Money amount, Font font) {
        table.addCell(cell(label, font, Element.ALIGN_LEFT));
        table.addCell(cell(AmountFormat.format(amount), font, Element.ALIGN_RIGHT));
    }

    private static void row(PdfPTable table, String label, String value, Font font) {
        table.addCell(cell(label, BOLD, Element.ALIGN_LEFT));
        table.addCell(cell(value, font, Element.ALIGN_LEFT));
    }

    private static PdfPTable table(float[] widths, float widthPercent, int alignment) {
        PdfPTable table = new PdfPTable(widths);
        table.setWidthPercentage(widthPercent);
        table.setHorizontalAlignment(alignment);
        return table;
    }

    private static PdfPCell cell(String text, Font font, int alignment) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setBorder(Rectangle.NO_BORDER);
        cell.setHorizontalAlignment(alignment);
        cell.setPaddingBottom(4);
        return cell;
    }

    /** "Discount (10%)"; just "Discount" when there is none. */
    private static String withPercent(String label, BigDecimal percent) {
        return percent == null || percent.signum() == 0 ? label : label + " (" + number(percent) + "%)";
    }

    private static String percent(BigDecimal percent) {
        return percent == null || percent.signum() == 0 ? "" : number(percent) + "%";
    }

    /** 2.00 as "2", 1.50 as "1.5": quantities and rates without trailing zeros. */
    private static String number(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private static String date(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The configured footer text, centred at the foot of every page. */
    private static final class Footer extends PdfPageEventHelper {
        private final String text;

        Footer(String text) {
            this.text = text;
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            if (text != null && !text.isBlank()) {
                ColumnText.showTextAligned(writer.getDirectContent(), Element.ALIGN_CENTER, new Phrase(text.strip(), SMALL),
                        (document.left() + document.right()) / 2, document.bottom() - 30, 0);
            }
        }
    }
}
