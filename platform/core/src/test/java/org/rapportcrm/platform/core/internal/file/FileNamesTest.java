package org.rapportcrm.platform.core.internal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The names files are kept under: what the uploader's system called them, and nothing that could act as a path or disguise. */
class FileNamesTest {
    @Test
    void aPathIsCutToItsLastPartOnEverySystem() {
        assertEquals("passwd", FileNames.clean("../../etc/passwd"));
        assertEquals("boot.ini", FileNames.clean("C:\\Windows\\..\\boot.ini"));
        assertEquals("file", FileNames.clean(".."));
        assertEquals("file", FileNames.clean("dir/"));
    }

    @Test
    void controlAndDirectionCharactersAreDropped() {
        assertEquals("invoicefdp.exe", FileNames.clean("invoice\u202Efdp.exe"), "no right-to-left override to pass an .exe off as a .pdf");
        assertEquals("report.pdf", FileNames.clean("re\u0000port\r\n.pdf"));
        assertEquals("Angebot Müller – 2026.pdf", FileNames.clean("  Angebot Müller – 2026.pdf "));
        assertEquals("file", FileNames.clean(null));
    }

    @Test
    void aLongNameKeepsItsExtension() {
        String kept = FileNames.clean("a".repeat(300) + ".pdf");
        assertEquals(FileNames.MAX_LENGTH, kept.length());
        assertEquals(".pdf", kept.substring(kept.length() - 4));
        assertEquals(FileNames.MAX_LENGTH, FileNames.clean("😀".repeat(300)).codePointCount(0, FileNames.clean("😀".repeat(300)).length()));
    }
}
