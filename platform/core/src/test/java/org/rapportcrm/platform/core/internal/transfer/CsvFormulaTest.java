package org.rapportcrm.platform.core.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.transfer.ExportFormat;
import org.rapportcrm.platform.api.transfer.RowReader;

class CsvFormulaTest {
    private static final RecordType NOTE = new RecordType("note", "notes", "Note", "Notes", "title", List.of(
            FieldDefinition.builder("title", FieldType.TEXT).build(),
            FieldDefinition.builder("phone", FieldType.PHONE).build(),
            FieldDefinition.builder("balance", FieldType.DECIMAL).build()));

    private static String export(Map<String, Object> values) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportFormat.RecordWriter w = new CsvExport().open(out, NOTE)) {
            Instant now = Instant.parse("2026-12-04T10:00:00Z");
            w.write(new Record("note", "n1", 1, null, now, now, null, null, new LinkedHashMap<>(values)));
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void textASpreadsheetWouldRunAsAFormulaIsExportedInertAndImportsAgainUnchanged() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", "=HYPERLINK(\"http://evil.example\",\"Click\")");
        values.put("phone", "+49 30 1234");
        values.put("balance", new BigDecimal("-12.50"));
        String csv = export(values);
        String row = csv.lines().skip(1).findFirst().orElseThrow();
        assertEquals("n1,,2026-12-04T10:00:00Z,2026-12-04T10:00:00Z,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",'+49 30 1234,-12.50", row,
                "text starting with = or + gets an apostrophe; a negative number stays a number");

        RowReader reader = new CsvFormat().open(new ByteArrayInputStream(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)), NOTE);
        Map<String, Object> imported = reader.next();
        assertEquals("=HYPERLINK(\"http://evil.example\",\"Click\")", imported.get("title"));
        assertEquals("+49 30 1234", imported.get("phone"));
        assertEquals("-12.50", imported.get("balance"));
    }

    @Test
    void everyDangerousStartIsEscapedAndApostrophesAlreadyThereSurviveTheTrip() {
        for (String risky : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd", "'=kept as typed", "''+twice")) {
            String exported = SpreadsheetSafeText.escape(risky);
            assertEquals("'" + risky, exported);
            assertEquals(risky, SpreadsheetSafeText.unescape(exported));
        }
        for (String plain : List.of("Acme", "'quoted", "a=b", "")) {
            assertEquals(plain, SpreadsheetSafeText.escape(plain));
            assertEquals(plain, SpreadsheetSafeText.unescape(plain));
        }
    }
}
