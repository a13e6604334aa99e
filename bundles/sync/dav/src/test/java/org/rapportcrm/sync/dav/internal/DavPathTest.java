package org.rapportcrm.sync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DavPathTest {
    @Test
    void requestPathsNameTheResource() {
        assertEquals(new DavPath(DavPath.Kind.ROOT, null, null), DavPath.of("/"));
        assertEquals(new DavPath(DavPath.Kind.PRINCIPAL, "alice", null), DavPath.of("/principals/alice/"));
        assertEquals(new DavPath(DavPath.Kind.HOME, "alice", null), DavPath.of("/addressbooks/alice"));
        assertEquals(new DavPath(DavPath.Kind.BOOK, "alice", null), DavPath.of("/addressbooks/alice/contacts/"));
        assertEquals(new DavPath(DavPath.Kind.CARD, "alice", "a b.vcf"), DavPath.of("/addressbooks/alice/contacts/a b.vcf"));
        assertEquals(DavPath.Kind.UNKNOWN, DavPath.of("/calendars/alice/").kind());
    }

    @Test
    void hrefsArePercentEncodedAndReadBackFromPathsOrUrls() {
        String href = DavPath.card("anne marie", "x+y z.vcf");
        assertEquals("/dav/addressbooks/anne%20marie/contacts/x%2By%20z.vcf", href);
        assertEquals("x+y z.vcf", DavPath.cardName(href));
        assertEquals("x+y z.vcf", DavPath.cardName("http://localhost:8181" + href));
    }
}
