package org.rapportcrm.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The HTTP headers of file up- and downloads: ranges, and names that survive any character set. */
class FileHeadersTest {
    @Test
    void oneRangeIsServedAndAnythingElseGetsTheWholeFile() {
        assertArrayEquals(new long[] {0, 99}, FileResource.range("bytes=0-99", 1000));
        assertArrayEquals(new long[] {900, 999}, FileResource.range("bytes=900-", 1000));
        assertArrayEquals(new long[] {990, 999}, FileResource.range("bytes=-10", 1000), "the last ten bytes");
        assertArrayEquals(new long[] {0, 999}, FileResource.range("bytes=-5000", 1000), "a suffix longer than the file is all of it");
        assertArrayEquals(new long[] {500, 999}, FileResource.range("bytes=500-5000", 1000), "an end past the file ends with it");
        assertArrayEquals(new long[0], FileResource.range("bytes=0-1,5-6", 1000), "several ranges: the whole file (RFC 9110 allows it)");
        assertArrayEquals(new long[0], FileResource.range("pages=1", 1000));
        assertNull(FileResource.range("bytes=1000-", 1000), "starts after the last byte: 416");
        assertNull(FileResource.range("bytes=5-4", 1000));
        assertNull(FileResource.range("bytes=-0", 1000));
        assertNull(FileResource.range("bytes=99999999999999999999-", 1000));
    }

    @Test
    void aNameIsSentAsAnAsciiFallbackAndExactlyInUtf8() {
        assertEquals("attachment; filename=\"Angebot M_ller _2026_.pdf\"; filename*=UTF-8''Angebot%20M%C3%BCller%20%2A2026%2A.pdf",
                FileResource.contentDisposition("attachment", "Angebot Müller *2026*.pdf"));
        assertEquals("inline; filename=\"a__b.png\"; filename*=UTF-8''a%22%3Bb.png", FileResource.contentDisposition("inline", "a\";b.png"),
                "a quote cannot end the parameter early");
    }

    @Test
    void aRawUploadIsNamedByItsContentDisposition() {
        assertEquals("Angebot Müller.pdf", FileResource.fileName("attachment; filename*=UTF-8''Angebot%20M%C3%BCller.pdf"));
        assertEquals("plain.txt", FileResource.fileName("attachment; filename=\"plain.txt\""));
        assertNull(FileResource.fileName(null));
        assertNull(FileResource.fileName("attachment"));
    }
}
