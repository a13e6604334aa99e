package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.transfer.CsvExport;
import org.rapportcrm.platform.core.internal.transfer.ExportServiceImpl;

/** Exporting in bulk is a permission of its own: reading records one by one does not include it. */
class ExportPermissionTest {
    private final CoreFixture core = new CoreFixture();
    private final ExportServiceImpl exports = new ExportServiceImpl(core.records, core.metadata, core.policy, core.files);

    {
        exports.addFormat(new CsvExport());
        core.records.create(Actor.system(), "contact", Map.of("lastName", "Doe"));
    }

    @Test
    void onlyRolesWithTheExportPermissionExport() throws IOException {
        Actor rep = core.user("rep", Set.of("sales"), Set.of());
        Actor marketer = core.user("maya", Set.of("marketing"), Set.of());
        assertThrows(AccessDeniedException.class, () -> exports.export(rep, Query.of("contact"), "text/csv", new ByteArrayOutputStream()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exports.export(marketer, Query.of("contact"), "text/csv", out);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Doe"));
    }
}
