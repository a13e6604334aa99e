package org.rapportcrm.sync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rapportcrm.sync.dav.internal.DavPath.Area;
import org.rapportcrm.sync.dav.internal.DavPath.Kind;

class DavPathTest {
    @Test
    void requestPathsNameTheResource() {
        assertEquals(new DavPath(Kind.ROOT, null, null, null, null), DavPath.of("/"));
        assertEquals(new DavPath(Kind.PRINCIPAL, null, "alice", null, null), DavPath.of("/principals/alice/"));
        assertEquals(new DavPath(Kind.HOME, Area.CONTACTS, "alice", null, null), DavPath.of("/addressbooks/alice"));
        assertEquals(new DavPath(Kind.COLLECTION, Area.CONTACTS, "alice", "contacts", null), DavPath.of("/addressbooks/alice/contacts/"));
        assertEquals(new DavPath(Kind.ITEM, Area.CONTACTS, "alice", "contacts", "a b.vcf"), DavPath.of("/addressbooks/alice/contacts/a b.vcf"));
        assertEquals(new DavPath(Kind.HOME, Area.CALENDAR, "alice", null, null), DavPath.of("/calendars/alice/"));
        assertEquals(new DavPath(Kind.COLLECTION, Area.CALENDAR, "alice", "activities", null), DavPath.of("/calendars/alice/activities"));
        assertEquals(new DavPath(Kind.ITEM, Area.CALENDAR, "alice", "activities", "m.ics"), DavPath.of("/calendars/alice/activities/m.ics"));
        assertEquals(new DavPath(Kind.COLLECTION, Area.CONTACTS, "alice", "team-t1", null), DavPath.of("/addressbooks/alice/team-t1/"));
        assertEquals(Kind.UNKNOWN, DavPath.of("/addressbooks/alice/contacts/a.vcf/more").kind());
    }

    @Test
    void hrefsArePercentEncodedAndReadBackFromPathsOrUrls() {
        String href = DavPath.item(Area.CONTACTS, "anne marie", "contacts", "x+y z.vcf");
        assertEquals("/dav/addressbooks/anne%20marie/contacts/x%2By%20z.vcf", href);
        assertEquals("x+y z.vcf", DavPath.itemName(href));
        assertEquals("x+y z.vcf", DavPath.itemName("http://localhost:8181" + href));
        assertEquals("/dav/calendars/alice/activities/a1.ics", DavPath.item(Area.CALENDAR, "alice", "activities", "a1.ics"));
    }
}
