package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Mobile and offline sync in the real distribution: the delta API (snapshot, changes, tombstones, paging, 410, push
 * applied / conflict / refused), CardDAV with curl (discovery, permissions, sync-collection with a token after three
 * changes and a deletion, bad cards, preconditions), CalDAV with curl (discovery, time-range queries, multiget,
 * sync-collection, bad iCalendar objects), vdirsyncer syncing a user's contacts and calendar both ways, and python3-caldav
 * syncing the calendar by RFC 6578 token and saving an event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncIT {
    private static final String PASSWORD = "sync-password";
    private static final String CALENDAR = "/dav/calendars/alice/activities/";
    private static final Pattern SYNC_TOKEN = Pattern.compile("<d:sync-token>([^<]+)</d:sync-token>");
    private static RapportServer.Running running;
    private static RestClient admin;
    private static RestClient alice;
    private static String eveId;
    private static String eveContact;
    private static String aliceMeeting;
    private static String aliceTask;
    private static String northTeam;
    private static String southTeam;
    private static final Set<String> aliceContacts = new HashSet<>();

    @BeforeAll
    static void twoTeamsThatSeeOnlyTheirOwnContacts() {
        running = RapportServer.Running.start(Map.of(), Map.of(), "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-sync", Map.of()).status());
        await("the sync API", () -> admin.get("/sync/changes?types=contact&limit=1").status() == 200, 90);
        await("CardDAV", () -> dav("admin", RapportServer.ADMIN_PASSWORD).raw("PROPFIND", "/dav/", "application/xml", "").status() == 207, 60);

        Response role = admin.post("/roles", Map.of("name", "team-sales", "label", "Team sales",
                "grants", List.of(Map.of("recordType", "*", "read", "TEAM", "create", true, "edit", "OWN", "delete", "OWN"))));
        assertEquals(201, role.status(), role.body().toString());
        String north = admin.post("/teams", Map.of("name", "North")).body().path("id").asText();
        northTeam = north;
        String south = admin.post("/teams", Map.of("name", "South")).body().path("id").asText();
        southTeam = south;
        user("alice", List.of("team-sales"), north);
        eveId = user("eve", List.of("team-sales"), south);
        user("reader", List.of("read-only"), north);
        alice = as("alice");
        for (int i = 1; i <= 5; i++) {
            Response created = alice.post("/contacts", Map.of("firstName", "Ann" + i, "lastName", "North", "title", "Buyer"));
            assertEquals(201, created.status(), created.raw().body());
            aliceContacts.add(created.body().path("id").asText());
        }
        eveContact = as("eve").post("/contacts", Map.of("firstName", "Eve", "lastName", "South")).body().path("id").asText();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    @Order(1)
    void theDeltaApiGivesASnapshotThenChangesAndTombstonesInCommitOrder() {
        List<JsonNode> snapshot = new ArrayList<>();
        String token = drain(null, "contact", 2, snapshot);
        Set<String> ids = new HashSet<>();
        snapshot.forEach(c -> ids.add(c.path("id").asText()));
        assertEquals(aliceContacts, ids, () -> "alice's five contacts, not eve's (" + eveContact + "); the others, as admin sees them: "
                + ids.stream().filter(id -> !aliceContacts.contains(id)).map(id -> admin.get("/contacts/" + id).raw().body()).toList());

        JsonNode c1 = alice.post("/contacts", Map.of("lastName", "Created")).body();
        JsonNode c2 = snapshot.get(0).path("record");
        JsonNode c3 = snapshot.get(1).path("record");
        assertEquals(200, alice.patch("/contacts/" + c2.path("id").asText(), etag(c2), Map.of("title", "Head buyer")).status());
        assertEquals(204, alice.delete("/contacts/" + c3.path("id").asText(), etag(c3)).status());

        List<JsonNode> changes = new ArrayList<>();
        await("three changes after the token", () -> {
            changes.clear();
            drain(token, "contact", 1000, changes);
            return changes.size() == 3;
        }, 30);
        assertEquals(c1.path("id").asText(), changes.get(0).path("id").asText(), "commit order");
        assertEquals("Head buyer", changes.get(1).path("record").path("title").asText());
        assertTrue(changes.get(2).path("deleted").asBoolean(), "a tombstone for the deletion");

        List<JsonNode> paged = new ArrayList<>();
        Response first = alice.get("/sync/changes?types=contact&limit=1&since=" + token);
        assertTrue(first.body().path("more").asBoolean(), first.body().toString());
        drain(first.body().path("nextToken").asText(), "contact", 1, paged);
        assertEquals(2, paged.size(), "the rest, one page at a time");

        // A contact given to another team leaves alice's sync as a tombstone.
        String after = drain(token, "contact", 1000, new ArrayList<>());
        assertEquals(200, admin.patch("/contacts/" + c1.path("id").asText(), "\"1\"", Map.of("owner", eveId)).status());
        List<JsonNode> reassigned = new ArrayList<>();
        await("the reassignment", () -> {
            reassigned.clear();
            drain(after, "contact", 1000, reassigned);
            return !reassigned.isEmpty();
        }, 30);
        assertTrue(reassigned.get(0).path("deleted").asBoolean(), reassigned.toString());
        assertTrue(reassigned.get(0).path("record").isNull());
    }

    @Test
    @Order(2)
    void aTokenTooOldOrNotOursIsGoneWithProblemDetails() {
        String old = Base64.getUrlEncoder().withoutPadding().encodeToString("1:1:1000000".getBytes(StandardCharsets.UTF_8));
        Response r = alice.get("/sync/changes?types=contact&since=" + old);
        assertEquals(410, r.status(), r.raw().body());
        assertTrue(r.raw().body().contains("start over"), r.raw().body());
        assertEquals(410, alice.get("/sync/changes?types=contact&since=garbage").status());
        assertEquals(400, alice.get("/sync/changes?types=contact&limit=0").status());
        assertEquals(400, alice.get("/sync/changes").status());
    }

    @Test
    @Order(3)
    void offlineChangesArePushedBackAppliedMergedInConflictOrRefused() {
        Response created = push(Map.of("clientChangeId", "m-1", "action", "create", "type", "contact", "clientId", "local-7",
                "fields", Map.of("firstName", "Off", "lastName", "Line", "title", "Owner")));
        JsonNode result = created.body().path("results").path(0);
        assertEquals("applied", result.path("status").asText(), created.raw().body());
        assertEquals("local-7", result.path("clientId").asText());
        String id = result.path("id").asText();
        JsonNode again = push(Map.of("clientChangeId", "m-1", "action", "create", "type", "contact", "clientId", "local-7",
                "fields", Map.of("firstName", "Off", "lastName", "Line", "title", "Owner"))).body().path("results").path(0);
        assertEquals(id, again.path("id").asText(), "sent twice, created once");

        // Someone changes the title online; offline, the first name changed (merged) and then the title (conflict).
        assertEquals(200, alice.patch("/contacts/" + id, "\"1\"", Map.of("title", "CEO")).status());
        JsonNode merged = push(Map.of("clientChangeId", "m-2", "action", "update", "type", "contact", "id", id, "baseVersion", 1,
                "fields", Map.of("firstName", "Offline"))).body().path("results").path(0);
        assertEquals("applied", merged.path("status").asText(), merged.toString());
        assertTrue(merged.path("merged").asBoolean());
        JsonNode conflict = push(Map.of("clientChangeId", "m-3", "action", "update", "type", "contact", "id", id, "baseVersion", 1,
                "fields", Map.of("title", "Founder", "lastName", "Lines"))).body().path("results").path(0);
        assertEquals("conflict", conflict.path("status").asText(), conflict.toString());
        assertEquals("title", conflict.path("conflict").path("fields").path(0).asText());
        assertEquals("Owner", conflict.path("conflict").path("base").path("title").asText());
        assertEquals("CEO", conflict.path("conflict").path("theirs").path("title").asText());
        assertEquals("Founder", conflict.path("conflict").path("yours").path("title").asText());
        JsonNode now = alice.get("/contacts/" + id).body();
        assertEquals("CEO", now.path("title").asText(), "no silent overwrite");
        assertEquals("Lines", now.path("lastName").asText(), "the other field merged");

        JsonNode refused = push(Map.of("clientChangeId", "m-4", "action", "create", "type", "contact", "fields", Map.of("firstName", "No last name")))
                .body().path("results").path(0);
        assertEquals("refused", refused.path("status").asText(), refused.toString());
        assertEquals("lastName", refused.path("problem").path("errors").path(0).path("field").asText(), refused.toString());
        JsonNode staleDelete = push(Map.of("clientChangeId", "m-5", "action", "delete", "type", "contact", "id", id, "baseVersion", 1))
                .body().path("results").path(0);
        assertEquals("conflict", staleDelete.path("status").asText(), staleDelete.toString());
        assertEquals(200, alice.get("/contacts/" + id).status(), "still there");

        JsonNode deleted = push(Map.of("clientChangeId", "m-6", "action", "delete", "type", "contact", "id", id,
                "baseVersion", now.path("version").asLong())).body().path("results").path(0);
        assertEquals("applied", deleted.path("status").asText(), deleted.toString());
        assertEquals(404, alice.get("/contacts/" + id).status(), "a delete made on the version now is done");

        int invalid = alice.post("/sync/push", Map.of("changes", List.of(Map.of("action", "create")))).status();
        assertTrue(invalid == 400 || invalid == 422, "schema checked: " + invalid);
    }

    @Test
    @Order(4)
    void theDeltaApiShowsNoChangeOfAnotherTeamsRecordAndNoFieldHiddenFromTheUser() {
        Response role = admin.post("/roles", Map.of("name", "team-sales-no-birthdays", "label", "Team sales without birthdates",
                "grants", List.of(Map.of("recordType", "*", "read", "TEAM", "create", true, "edit", "OWN", "delete", "OWN")),
                "fields", List.of(Map.of("recordType", "contact", "field", "birthdate", "read", false, "edit", false))));
        assertEquals(201, role.status(), role.body().toString());
        user("nora", List.of("team-sales-no-birthdays"), northTeam);
        RestClient nora = as("nora");
        String token = drain(nora, null, "contact", 1000, new ArrayList<>());

        JsonNode eves = as("eve").get("/contacts/" + eveContact).body();
        assertEquals(200, as("eve").patch("/contacts/" + eveContact, etag(eves), Map.of("title", "South lead")).status());
        String northern = alice.post("/contacts", Map.of("lastName", "Born", "birthdate", "1990-05-01")).body().path("id").asText();
        assertEquals("1990-05-01", alice.get("/contacts/" + northern).body().path("birthdate").asText(), "alice reads the birthdate");

        List<JsonNode> changes = new ArrayList<>();
        await("the northern contact in nora's changes", () -> {
            changes.clear();
            drain(nora, token, "contact", 1000, changes);
            return changes.stream().anyMatch(c -> northern.equals(c.path("id").asText()));
        }, 30);
        for (JsonNode c : changes) {
            if (eveContact.equals(c.path("id").asText())) {
                // she may not read it: at most a tombstone (as for a record that left her sight), never its values
                assertTrue(c.path("deleted").asBoolean() && c.path("record").isNull(), c.toString());
            }
        }
        JsonNode record = changes.stream().filter(c -> northern.equals(c.path("id").asText())).findFirst().orElseThrow().path("record");
        assertEquals("Born", record.path("lastName").asText());
        assertFalse(record.has("birthdate"), "a field hidden from nora: " + record);
    }

    @Test
    @Order(5)
    void cardDavIsDiscoveredAndShowsOnlyTheContactsTheUserMayRead() {
        Response wellKnown = dav("alice", PASSWORD).raw("PROPFIND", "/.well-known/carddav", "application/xml", "");
        assertEquals(307, wellKnown.status());
        assertEquals("/dav/", wellKnown.header("Location"));
        Response principal = dav("alice", PASSWORD).with("Depth", "0").raw("PROPFIND", "/dav/", "application/xml",
                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>");
        assertTrue(principal.raw().body().contains("/dav/principals/alice/"), principal.raw().body());
        Response home = dav("alice", PASSWORD).with("Depth", "0").raw("PROPFIND", "/dav/principals/alice/", "application/xml",
                "<propfind xmlns=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><prop><c:addressbook-home-set/></prop></propfind>");
        assertTrue(home.raw().body().contains("/dav/addressbooks/alice/"), home.raw().body());
        Response listing = dav("alice", PASSWORD).with("Depth", "1").raw("PROPFIND", "/dav/addressbooks/alice/contacts/", "application/xml",
                "<propfind xmlns=\"DAV:\"><prop><getetag/><resourcetype/></prop></propfind>");
        assertEquals(207, listing.status());
        assertTrue(listing.raw().body().contains("addressbook"), listing.raw().body());
        assertFalse(listing.raw().body().contains(eveContact), "another team's contact is not in alice's address book");
        assertEquals(403, dav("alice", PASSWORD).raw("PROPFIND", "/dav/addressbooks/eve/contacts/", "application/xml", "").status());
        assertEquals(401, new RestClient(running.server.baseUrl).raw("PROPFIND", "/dav/", "application/xml", "").status());
    }

    @Test
    @Order(6)
    void syncCollectionWithATokenGivesThreeChangesAndADeletion() throws Exception {
        String body = curlReport("");
        String token = token(body);
        JsonNode a = alice.post("/contacts", Map.of("lastName", "Token")).body();
        JsonNode b = alice.post("/contacts", Map.of("lastName", "Gone")).body();
        List<JsonNode> all = new ArrayList<>();
        drain(null, "contact", 1000, all);
        JsonNode c = all.stream().map(n -> n.path("record")).filter(r -> r.path("lastName").asText().equals("North")).findFirst().orElseThrow();
        assertEquals(200, alice.patch("/contacts/" + c.path("id").asText(), etag(c), Map.of("title", "Changed")).status());
        Response put = dav("alice", PASSWORD).with("If-None-Match", "*").raw("PUT", "/dav/addressbooks/alice/contacts/new-card.vcf",
                "text/vcard", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:new-card\r\nN:Card;New;;;\r\nFN:New Card\r\nEND:VCARD\r\n");
        assertEquals(201, put.status(), put.raw().body());
        assertEquals(204, alice.delete("/contacts/" + b.path("id").asText(), "\"1\"").status());

        String[] incremental = new String[1];
        await("the changes in sync-collection", () -> {
            incremental[0] = curlReport(token);
            return incremental[0].contains("new-card.vcf");
        }, 30);
        String changes = incremental[0];
        assertTrue(changes.contains(a.path("id").asText() + ".vcf"), changes);
        assertTrue(changes.contains(c.path("id").asText() + ".vcf"), changes);
        assertTrue(Pattern.compile(Pattern.quote(b.path("id").asText() + ".vcf") + "</d:href>\\s*<d:status>HTTP/1.1 404").matcher(changes).find(), changes);
        assertEquals(4, changes.split("<d:response>").length - 1, changes);
        assertNotEquals(token, token(changes));

        String bad = curl("-X", "REPORT", "-H", "Content-Type: application/xml", "--data", syncCollection("http://rapportcrm.org/ns/sync/bogus"),
                "-w", "%{http_code}", url("/dav/addressbooks/alice/contacts/"));
        assertTrue(bad.contains("valid-sync-token") && bad.endsWith("403"), bad);
    }

    @Test
    @Order(7)
    void badCardsAndStalePreconditionsChangeNothing() {
        RestClient dav = dav("alice", PASSWORD);
        long before = count();
        Response bad = dav.raw("PUT", "/dav/addressbooks/alice/contacts/bad.vcf", "text/vcard", "this is not a vcard");
        assertEquals(400, bad.status(), bad.raw().body());
        assertTrue(bad.raw().body().contains("valid-address-data"), bad.raw().body());
        assertEquals(415, dav.raw("PUT", "/dav/addressbooks/alice/contacts/bad.vcf", "application/json", "{}").status());
        assertEquals(400, dav.raw("PUT", "/dav/addressbooks/alice/contacts/bad.vcf", "text/vcard",
                "BEGIN:VCARD\nVERSION:4.0\nEMAIL:nobody@example.com\nEND:VCARD\n").status(), "a card that names nobody");
        assertEquals(before, count(), "nothing created");

        Response card = dav.raw("GET", "/dav/addressbooks/alice/contacts/new-card.vcf", "text/plain", "");
        assertEquals(200, card.status());
        String etag = card.header("ETag");
        assertEquals(412, dav.with("If-Match", "\"999\"").raw("PUT", "/dav/addressbooks/alice/contacts/new-card.vcf", "text/vcard",
                "BEGIN:VCARD\nVERSION:4.0\nUID:new-card\nFN:Stale Write\nEND:VCARD\n").status());
        assertEquals(412, dav.with("If-None-Match", "*").raw("PUT", "/dav/addressbooks/alice/contacts/new-card.vcf", "text/vcard",
                "BEGIN:VCARD\nVERSION:4.0\nUID:new-card\nFN:Stale Write\nEND:VCARD\n").status());
        assertEquals(403, dav.with("If-None-Match", "*").raw("PUT", "/dav/addressbooks/alice/contacts/other-name.vcf", "text/vcard",
                "BEGIN:VCARD\nVERSION:4.0\nUID:new-card\nFN:Same Uid\nEND:VCARD\n").status(), "no-uid-conflict");
        assertEquals(etag, dav.raw("GET", "/dav/addressbooks/alice/contacts/new-card.vcf", "text/plain", "").header("ETag"), "unchanged");

        Response readOnly = dav("reader", PASSWORD).with("If-None-Match", "*").raw("PUT", "/dav/addressbooks/reader/contacts/r.vcf", "text/vcard",
                "BEGIN:VCARD\nVERSION:4.0\nUID:r\nFN:Read Only\nEND:VCARD\n");
        assertEquals(403, readOnly.status(), readOnly.raw().body());
    }

    @Test
    @Order(8)
    void vdirsyncerSyncsAUsersContactsBothWaysAndReportsAConflict() throws Exception {
        assumeTrue(new File("/usr/bin/vdirsyncer").canExecute(), "vdirsyncer is not installed (apt install vdirsyncer)");
        Path dir = Files.createTempDirectory(running.server.home, "vdirsyncer-");
        Path local = dir.resolve("contacts/contacts");
        Files.createDirectories(local);
        Path config = writeConfig(dir, null);
        assertEquals(0, vdirsyncer(config, "discover").exit, "discover");
        assertEquals(0, vdirsyncer(config, "sync").exit, "first sync");
        List<JsonNode> mine = new ArrayList<>();
        drain(null, "contact", 1000, mine);
        Set<String> ids = new HashSet<>();
        mine.forEach(n -> ids.add(n.path("id").asText()));
        assertEquals(ids.size(), cards(local).size(), "every contact alice may read, and nothing else");

        // Edited on the phone: up to the CRM.
        JsonNode target = mine.stream().map(n -> n.path("record")).filter(r -> r.path("title").asText().equals("Buyer")).findFirst().orElseThrow();
        Path file = local.resolve(target.path("id").asText() + ".vcf");
        Files.writeString(file, Files.readString(file).replace("TITLE:Buyer", "TITLE:Head of buying"));
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertEquals("Head of buying", alice.get("/contacts/" + target.path("id").asText()).body().path("title").asText());

        // Edited in the CRM: down to the phone.
        JsonNode current = alice.get("/contacts/" + target.path("id").asText()).body();
        assertEquals(200, alice.patch("/contacts/" + current.path("id").asText(), etag(current), Map.of("title", "Chief buyer")).status());
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertTrue(Files.readString(file).contains("TITLE:Chief buyer"), Files.readString(file));

        // A card made on the phone keeps its name and becomes a contact.
        Files.writeString(local.resolve("phone-made.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-made\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\n"
                + "TEL;TYPE=CELL:+1 555 0100\r\nEND:VCARD\r\n");
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertEquals(200, dav("alice", PASSWORD).raw("GET", "/dav/addressbooks/alice/contacts/phone-made.vcf", "text/plain", "").status());
        JsonNode lee = alice.get("/contacts?filter=" + RestClient.q("lastName eq 'Lee'")).body().path("items").path(0);
        assertEquals("+1 555 0100", lee.path("mobile").asText(), lee.toString());

        // Changed on both sides: a conflict, not a silent overwrite.
        current = alice.get("/contacts/" + target.path("id").asText()).body();
        assertEquals(200, alice.patch("/contacts/" + current.path("id").asText(), etag(current), Map.of("title", "CRM side")).status());
        Files.writeString(file, Files.readString(file).replace("TITLE:Chief buyer", "TITLE:Phone side"));
        Run conflict = vdirsyncer(config, "sync");
        assertEquals(1, conflict.exit, conflict.output);
        assertTrue(conflict.output.contains("both sides"), conflict.output);
        assertEquals("CRM side", alice.get("/contacts/" + target.path("id").asText()).body().path("title").asText());
        Path resolving = writeConfig(dir, "b wins");
        assertEquals(0, vdirsyncer(resolving, "sync").exit, "resolved by the server's version");
        assertTrue(Files.readString(file).contains("TITLE:CRM side"));

        // Deleted on the phone, and in the CRM.
        Files.delete(local.resolve("phone-made.vcf"));
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertEquals(404, alice.get("/contacts/" + lee.path("id").asText()).status());
        assertEquals(204, alice.delete("/contacts/" + target.path("id").asText(), "\"" + alice.get("/contacts/" + target.path("id").asText())
                .body().path("version").asLong() + "\"").status());
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertFalse(Files.exists(file), "deleted on the phone too");
    }

    @Test
    @Order(9)
    void calDavIsDiscoveredAndShowsTheUsersMeetingsCallsAndTasks() {
        aliceMeeting = alice.post("/activities", Map.of("subject", "Kick-off", "activityType", "Meeting", "dueAt", "2026-12-07T09:00:00Z",
                "durationMinutes", 60)).body().path("id").asText();
        aliceTask = alice.post("/activities", Map.of("subject", "Send the quote", "activityType", "Task", "dueAt", "2026-12-09T17:00:00Z"))
                .body().path("id").asText();
        String note = alice.post("/activities", Map.of("subject", "A note", "activityType", "Note")).body().path("id").asText();
        String evesMeeting = as("eve").post("/activities", Map.of("subject", "Eve's", "activityType", "Meeting", "dueAt", "2026-12-07T09:00:00Z"))
                .body().path("id").asText();

        Response wellKnown = dav("alice", PASSWORD).raw("PROPFIND", "/.well-known/caldav", "application/xml", "");
        assertEquals(307, wellKnown.status());
        assertEquals("/dav/", wellKnown.header("Location"));
        Response home = dav("alice", PASSWORD).with("Depth", "0").raw("PROPFIND", "/dav/principals/alice/", "application/xml",
                "<propfind xmlns=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><prop><c:calendar-home-set/></prop></propfind>");
        assertTrue(home.raw().body().contains("/dav/calendars/alice/"), home.raw().body());
        Response calendar = dav("alice", PASSWORD).with("Depth", "0").raw("PROPFIND", CALENDAR, "application/xml",
                "<propfind xmlns=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><prop><resourcetype/><displayname/>"
                        + "<c:supported-calendar-component-set/><sync-token/></prop></propfind>");
        String props = calendar.raw().body();
        assertTrue(props.contains("<cal:calendar") && props.contains("My activities"), props);
        assertTrue(props.contains("name=\"VEVENT\"") && props.contains("name=\"VTODO\""), props);
        String listing = dav("alice", PASSWORD).with("Depth", "1").raw("PROPFIND", CALENDAR, "application/xml",
                "<propfind xmlns=\"DAV:\"><prop><getetag/></prop></propfind>").raw().body();
        assertTrue(listing.contains(aliceMeeting + ".ics") && listing.contains(aliceTask + ".ics"), listing);
        assertFalse(listing.contains(note), "a note is no calendar item: " + listing);
        assertFalse(listing.contains(evesMeeting), "another user's meeting: " + listing);

        Response ics = dav("alice", PASSWORD).raw("GET", CALENDAR + aliceMeeting + ".ics", "text/plain", "");
        assertEquals(200, ics.status());
        assertTrue(ics.raw().body().contains("BEGIN:VEVENT") && ics.raw().body().contains("DTSTART:20261207T090000Z")
                && ics.raw().body().contains("DTEND:20261207T100000Z"), ics.raw().body());
        String task = dav("alice", PASSWORD).raw("GET", CALENDAR + aliceTask + ".ics", "text/plain", "").raw().body();
        assertTrue(task.contains("BEGIN:VTODO") && task.contains("DUE:20261209T170000Z"), task);
    }

    @Test
    @Order(10)
    void calendarQueryAndMultigetAnswerByTimeRangeAndName() {
        String query = "<c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:prop><d:getetag/><c:calendar-data/></d:prop>"
                + "<c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"%s\"><c:time-range start=\"%s\" end=\"%s\"/>"
                + "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>";
        String monday = report(String.format(query, "VEVENT", "20261207T000000Z", "20261208T000000Z"));
        assertTrue(monday.contains(aliceMeeting + ".ics") && monday.contains("SUMMARY:Kick-off"), monday);
        assertFalse(monday.contains(aliceTask), "a task is no VEVENT: " + monday);
        String tuesday = report(String.format(query, "VEVENT", "20261208T000000Z", "20261209T000000Z"));
        assertFalse(tuesday.contains(aliceMeeting), tuesday);
        String tasks = report(String.format(query, "VTODO", "20261209T000000Z", "20261210T000000Z"));
        assertTrue(tasks.contains(aliceTask + ".ics") && !tasks.contains(aliceMeeting), tasks);

        String multiget = report("<c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:prop><d:getetag/>"
                + "<c:calendar-data/></d:prop><d:href>" + CALENDAR + aliceTask + ".ics</d:href><d:href>" + CALENDAR + "nothing.ics</d:href>"
                + "</c:calendar-multiget>");
        assertTrue(multiget.contains("SUMMARY:Send the quote"), multiget);
        assertTrue(Pattern.compile("nothing\\.ics</d:href>\\s*<d:status>HTTP/1.1 404").matcher(multiget).find(), multiget);
    }

    @Test
    @Order(11)
    void calendarSyncCollectionGivesChangesAndDeletionsAndBadObjectsChangeNothing() {
        String token = token(report(syncCollection("")));
        JsonNode meeting = alice.get("/activities/" + aliceMeeting).body();
        assertEquals(200, alice.patch("/activities/" + aliceMeeting, etag(meeting), Map.of("subject", "Kick-off (moved)")).status());
        JsonNode task = alice.get("/activities/" + aliceTask).body();
        assertEquals(204, alice.delete("/activities/" + aliceTask, etag(task)).status());
        String[] changes = new String[1];
        await("the changes in the calendar's sync-collection", () -> {
            changes[0] = report(syncCollection(token));
            return changes[0].contains(aliceTask);
        }, 30);
        assertTrue(changes[0].contains(aliceMeeting + ".ics"), changes[0]);
        assertTrue(Pattern.compile(Pattern.quote(aliceTask + ".ics") + "</d:href>\\s*<d:status>HTTP/1.1 404").matcher(changes[0]).find(), changes[0]);
        assertEquals(2, changes[0].split("<d:response>").length - 1, changes[0]);

        RestClient dav = dav("alice", PASSWORD);
        long before = activities();
        Response bad = dav.raw("PUT", CALENDAR + "bad.ics", "text/calendar", "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:bad\n"
                + "DTSTART:20261207T090000Z\nEND:VEVENT\nEND:VCALENDAR\n");
        assertEquals(400, bad.status(), bad.raw().body());
        assertTrue(bad.raw().body().contains("valid-calendar-data") && bad.raw().body().contains("SUMMARY"), bad.raw().body());
        assertEquals(400, dav.raw("PUT", CALENDAR + "bad.ics", "text/calendar", "not a calendar").status());
        assertEquals(415, dav.raw("PUT", CALENDAR + "bad.ics", "text/vcard", "BEGIN:VCARD\nVERSION:4.0\nFN:X\nEND:VCARD\n").status());
        assertEquals(412, dav.with("If-Match", "\"999\"").raw("PUT", CALENDAR + aliceMeeting + ".ics", "text/calendar",
                "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:" + aliceMeeting + "\nSUMMARY:Stale\nDTSTART:20261207T090000Z\nEND:VEVENT\n"
                        + "END:VCALENDAR\n").status());
        assertEquals(before, activities(), "nothing created");
        assertEquals("Kick-off (moved)", alice.get("/activities/" + aliceMeeting).body().path("subject").asText(), "nothing changed");
    }

    @Test
    @Order(12)
    void vdirsyncerSyncsAUsersCalendarBothWaysAndReportsAConflict() throws Exception {
        assumeTrue(new File("/usr/bin/vdirsyncer").canExecute(), "vdirsyncer is not installed (apt install vdirsyncer)");
        Path dir = Files.createTempDirectory(running.server.home, "vdirsyncer-cal-");
        Path local = dir.resolve("calendar/activities");
        Files.createDirectories(local);
        Path config = writeCalendarConfig(dir, null);
        Run discover = vdirsyncer(config, "discover");
        assertEquals(0, discover.exit, discover.output);
        assertEquals(0, vdirsyncer(config, "sync").exit, "first sync");

        // A meeting made in the CRM appears as an .ics file.
        String review = alice.post("/activities", Map.of("subject", "Pipeline review", "activityType", "Meeting", "dueAt", "2026-12-10T14:00:00Z",
                "durationMinutes", 30)).body().path("id").asText();
        assertEquals(0, vdirsyncer(config, "sync").exit);
        Path file = local.resolve(review + ".ics");
        assertTrue(Files.readString(file).contains("SUMMARY:Pipeline review"), Files.readString(file));
        assertTrue(Files.exists(local.resolve(aliceMeeting + ".ics")), "the meeting of the earlier tests");

        // Edited in the client: up to the CRM.
        Files.writeString(file, Files.readString(file).replace("SUMMARY:Pipeline review", "SUMMARY:Pipeline review with finance")
                .replace("DTSTART:20261210T140000Z", "DTSTART:20261210T150000Z").replace("DTEND:20261210T143000Z", "DTEND:20261210T160000Z"));
        assertEquals(0, vdirsyncer(config, "sync").exit);
        JsonNode edited = alice.get("/activities/" + review).body();
        assertEquals("Pipeline review with finance", edited.path("subject").asText());
        assertEquals(60, edited.path("durationMinutes").asInt(), edited.toString());
        assertTrue(edited.path("dueAt").asText().startsWith("2026-12-10T15:00"), edited.toString());

        // Edited in the CRM: down to the client.
        assertEquals(200, alice.patch("/activities/" + review, etag(edited), Map.of("subject", "Pipeline review (room 4)")).status());
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertTrue(Files.readString(file).contains("SUMMARY:Pipeline review (room 4)"), Files.readString(file));

        // An event and a task made in the client become a meeting and a task, keeping their names and UIDs.
        Files.writeString(local.resolve("phone-event.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
                + "UID:phone-event\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261211T100000\r\nDURATION:PT45M\r\n"
                + "SUMMARY:Lunch with Ann\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        Files.writeString(local.resolve("phone-task.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VTODO\r\n"
                + "UID:phone-task\r\nDTSTAMP:20261201T000000Z\r\nDUE:20261212T120000Z\r\nSUMMARY:Call the printer\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
        assertEquals(0, vdirsyncer(config, "sync").exit);
        JsonNode lunch = alice.get("/activities?filter=" + RestClient.q("subject eq 'Lunch with Ann'")).body().path("items").path(0);
        assertEquals("Meeting", lunch.path("activityType").asText(), lunch.toString());
        assertTrue(lunch.path("dueAt").asText().startsWith("2026-12-11T09:00"), "10:00 in Berlin: " + lunch);
        JsonNode printer = alice.get("/activities?filter=" + RestClient.q("subject eq 'Call the printer'")).body().path("items").path(0);
        assertEquals("Task", printer.path("activityType").asText(), printer.toString());
        Response kept = dav("alice", PASSWORD).raw("GET", CALENDAR + "phone-event.ics", "text/plain", "");
        assertEquals(200, kept.status());
        assertTrue(kept.raw().body().contains("UID:phone-event"), kept.raw().body());

        // Changed on both sides: a conflict, not a silent overwrite.
        JsonNode current = alice.get("/activities/" + review).body();
        assertEquals(200, alice.patch("/activities/" + review, etag(current), Map.of("subject", "CRM side")).status());
        Files.writeString(file, Files.readString(file).replace("SUMMARY:Pipeline review (room 4)", "SUMMARY:Client side"));
        Run conflict = vdirsyncer(config, "sync");
        assertEquals(1, conflict.exit, conflict.output);
        assertTrue(conflict.output.contains("both sides"), conflict.output);
        assertEquals("CRM side", alice.get("/activities/" + review).body().path("subject").asText());
        assertEquals(0, vdirsyncer(writeCalendarConfig(dir, "b wins"), "sync").exit, "resolved by the server's version");
        assertTrue(Files.readString(file).contains("SUMMARY:CRM side"), Files.readString(file));

        // Deleted in the client, and in the CRM.
        Files.delete(local.resolve("phone-event.ics"));
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertEquals(404, alice.get("/activities/" + lunch.path("id").asText()).status());
        assertEquals(204, alice.delete("/activities/" + review, etag(alice.get("/activities/" + review).body())).status());
        assertEquals(0, vdirsyncer(config, "sync").exit);
        assertFalse(Files.exists(file), "deleted in the client too");
    }

    @Test
    @Order(13)
    void aCalDavClientLibrarySyncsTheCalendarByTokenAndSavesAnEvent() throws Exception {
        assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import caldav").start().waitFor() == 0,
                "python3-caldav is not installed (apt install python3-caldav)");
        Path script = Files.createTempDirectory(running.server.home, "caldav-").resolve("caldav_sync.py");
        Files.writeString(script, String.join("\n",
                "import sys, caldav",
                "mode, base, user, password, argument = sys.argv[1:6]",
                "client = caldav.DAVClient(url=base + '/dav/', username=user, password=password)",
                "calendar = next(c for c in client.principal().calendars() if str(c.url).endswith('/activities/'))",
                "if mode == 'save':",
                "    calendar.save_event(argument)",
                "else:",
                "    objects = calendar.objects_by_sync_token(sync_token=argument or None, load_objects=True)",
                "    for o in objects:",
                "        print('ITEM', str(o.url).rsplit('/', 1)[1], 'data' if o.data else 'gone')",
                "    print('TOKEN', objects.sync_token)", ""));
        String initial = python(script, "sync", "");
        assertTrue(initial.contains(aliceMeeting + ".ics data"), initial);
        Matcher tokenLine = Pattern.compile("TOKEN (\\S+)").matcher(initial);
        assertTrue(tokenLine.find(), initial);
        String token = tokenLine.group(1);

        String passing = alice.post("/activities", Map.of("subject", "Passing", "activityType", "Call", "dueAt", "2026-12-08T08:00:00Z"))
                .body().path("id").asText();
        JsonNode meeting = alice.get("/activities/" + aliceMeeting).body();
        assertEquals(200, alice.patch("/activities/" + aliceMeeting, etag(meeting), Map.of("subject", "Kick-off (final)")).status());
        assertEquals(204, alice.delete("/activities/" + passing, "\"1\"").status());
        python(script, "save", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//python-caldav test//EN\r\nBEGIN:VEVENT\r\nUID:saved-by-library\r\n"
                + "DTSTAMP:20261201T000000Z\r\nDTSTART:20261214T130000Z\r\nDTEND:20261214T133000Z\r\nSUMMARY:Saved by a library\r\n"
                + "CATEGORIES:Call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        JsonNode saved = alice.get("/activities?filter=" + RestClient.q("subject eq 'Saved by a library'")).body().path("items").path(0);
        assertEquals("Call", saved.path("activityType").asText(), saved.toString());
        assertEquals(30, saved.path("durationMinutes").asInt(), saved.toString());

        String[] changes = new String[1];
        await("the library's incremental sync", () -> {
            changes[0] = python(script, "sync", token);
            return changes[0].contains(passing + ".ics gone");
        }, 30);
        assertTrue(changes[0].contains(aliceMeeting + ".ics data"), changes[0]);
        assertTrue(changes[0].contains("saved-by-library.ics data"), changes[0]);
        assertEquals(3, changes[0].lines().filter(l -> l.startsWith("ITEM")).count(), changes[0]);
        assertFalse(changes[0].contains("TOKEN " + token + "\n"), "a new token: " + changes[0]);
    }

    @Test
    @Order(14)
    void teamAndSavedViewBooksAreListedAndFollowWhatTheySelect() {
        Response view = alice.post("/listViews", Map.of("recordType", "contact", "name", "Buyers", "filter", "title eq 'Buyer'", "shared", false));
        assertEquals(201, view.status(), view.raw().body());
        String viewBook = "/dav/addressbooks/alice/view-" + view.body().path("id").asText() + "/";
        String teamBook = "/dav/addressbooks/alice/team-" + northTeam + "/";
        String homes = dav("alice", PASSWORD).with("Depth", "1").raw("PROPFIND", "/dav/addressbooks/alice/", "application/xml",
                "<propfind xmlns=\"DAV:\"><prop><displayname/><resourcetype/></prop></propfind>").raw().body();
        assertTrue(homes.contains("/dav/addressbooks/alice/contacts/") && homes.contains(teamBook) && homes.contains(viewBook), homes);
        assertTrue(homes.contains("<d:displayname>Buyers</d:displayname>") && homes.contains("<d:displayname>North contacts</d:displayname>"), homes);
        String calendars = dav("alice", PASSWORD).with("Depth", "1").raw("PROPFIND", "/dav/calendars/alice/", "application/xml", "").raw().body();
        assertTrue(calendars.contains("/dav/calendars/alice/team-" + northTeam + "/"), calendars);

        String buyer = alice.post("/contacts", Map.of("firstName", "Bea", "lastName", "Viewed", "title", "Buyer")).body().path("id").asText();
        String seller = alice.post("/contacts", Map.of("firstName", "Sol", "lastName", "Unviewed", "title", "Seller")).body().path("id").asText();
        String listing = report(viewBook, "");
        assertTrue(listing.contains(buyer + ".vcf") && !listing.contains(seller + ".vcf"), listing);
        assertFalse(listing.contains(eveContact), "the view lists only what alice may read");
        String team = dav("alice", PASSWORD).with("Depth", "1").raw("PROPFIND", teamBook, "application/xml", "").raw().body();
        assertTrue(team.contains(buyer + ".vcf") && team.contains(seller + ".vcf") && !team.contains(eveContact), team);

        String token = token(listing);
        JsonNode record = alice.get("/contacts/" + buyer).body();
        assertEquals(200, alice.patch("/contacts/" + buyer, etag(record), Map.of("title", "Seller")).status());
        String[] changes = new String[1];
        await("the contact leaving the view", () -> {
            changes[0] = report(viewBook, token);
            return changes[0].contains(buyer + ".vcf");
        }, 30);
        assertTrue(Pattern.compile(Pattern.quote(buyer + ".vcf") + "</d:href>\\s*<d:status>HTTP/1.1 404").matcher(changes[0]).find(), changes[0]);

        Response put = dav("alice", PASSWORD).raw("PUT", viewBook + "new-in-view.vcf", "text/vcard",
                "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:new-in-view\r\nN:View;New;;;\r\nFN:New View\r\nTITLE:Buyer\r\nEND:VCARD\r\n");
        assertEquals(403, put.status(), "new cards go into the user's own address book");
        assertTrue(put.raw().body().contains("need-privileges"), put.raw().body());
        assertEquals(404, dav("eve", PASSWORD).with("Depth", "0").raw("PROPFIND", viewBook.replace("/alice/", "/eve/"), "application/xml", "").status(),
                "another user's private view is no address book of eve's");
    }

    @Test
    @Order(15)
    void aUserMovedToAnotherTeamIsToldToSyncInFullAndThenHoldsThatTeamsContactsOnly() {
        String moverId = user("mover", List.of("team-sales"), northTeam);
        RestClient mover = as("mover");
        List<JsonNode> before = new ArrayList<>();
        String token = drain(mover, null, "contact", 1000, before);
        assertTrue(ids(before).stream().anyMatch(aliceContacts::contains) && !ids(before).contains(eveContact), before.toString());
        String davToken = token(dav("mover", PASSWORD).with("Depth", "0").raw("REPORT", "/dav/addressbooks/mover/contacts/", "application/xml",
                syncCollection("")).raw().body());

        // Nothing about the contacts changes: only the team does, and with it every contact the device may hold.
        Response moved = admin.patch("/users/" + moverId, null, Map.of("teamIds", List.of(southTeam)));
        assertEquals(200, moved.status(), moved.raw().body());
        Response stale = mover.get("/sync/changes?types=contact&since=" + token);
        assertEquals(410, stale.status(), stale.raw().body());
        assertTrue(stale.raw().body().contains("full sync") && stale.raw().body().contains("\"since\""), stale.raw().body());
        Response staleDav = dav("mover", PASSWORD).with("Depth", "0").raw("REPORT", "/dav/addressbooks/mover/contacts/", "application/xml",
                syncCollection(davToken));
        assertEquals(403, staleDav.status(), staleDav.raw().body());
        assertTrue(staleDav.raw().body().contains("valid-sync-token"), staleDav.raw().body());

        List<JsonNode> after = new ArrayList<>();
        drain(mover, null, "contact", 1000, after);
        assertTrue(ids(after).contains(eveContact) && ids(after).stream().noneMatch(aliceContacts::contains), after.toString());
    }

    private static Set<String> ids(List<JsonNode> changes) {
        Set<String> ids = new HashSet<>();
        changes.forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    /** A sync-collection REPORT on a collection of alice's, from a token (empty: the first sync). */
    private static String report(String collection, String token) {
        Response r = dav("alice", PASSWORD).with("Depth", "0").raw("REPORT", collection, "application/xml", syncCollection(token));
        assertEquals(207, r.status(), r.raw().body());
        return r.raw().body();
    }

    private static String python(Path script, String mode, String argument) {
        Run python = run(List.of("/usr/bin/python3", script.toString(), mode, running.server.baseUrl, "alice", PASSWORD, argument));
        assertEquals(0, python.exit, python.output);
        return python.output;
    }

    private static String report(String body) {
        return curl("-X", "REPORT", "-H", "Content-Type: application/xml", "-H", "Depth: 1", "--data", body, url(CALENDAR));
    }

    private static long activities() {
        List<JsonNode> all = new ArrayList<>();
        drain(null, "activity", 1000, all);
        return all.size();
    }

    private record Run(int exit, String output) {
    }

    private static Run vdirsyncer(Path config, String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/vdirsyncer", command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("VDIRSYNCER_CONFIG", config.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "vdirsyncer " + command + " hung");
        System.out.println("vdirsyncer " + command + ": exit " + p.exitValue() + "\n" + output);
        return new Run(p.exitValue(), output);
    }

    private static Path writeConfig(Path dir, String conflictResolution) throws IOException {
        return writeConfig(dir, "contacts", "contacts", ".vcf", "carddav", conflictResolution);
    }

    private static Path writeCalendarConfig(Path dir, String conflictResolution) throws IOException {
        return writeConfig(dir, "calendar", "activities", ".ics", "caldav", conflictResolution);
    }

    /**
     * A vdirsyncer pair {@code <pair>} of a local folder {@code <dir>/<pair>/} and alice's own collection on the server
     * (her team's and views' collections are there too; a user names the ones to sync, as here).
     */
    private static Path writeConfig(Path dir, String pair, String collection, String extension, String storage, String conflictResolution)
            throws IOException {
        Path config = dir.resolve(conflictResolution == null ? "config" : "config-resolving");
        Files.writeString(config, "[general]\nstatus_path = \"" + dir.resolve("status") + "/\"\n\n"
                + "[pair " + pair + "]\na = \"" + pair + "_local\"\nb = \"" + pair + "_remote\"\ncollections = [\"" + collection + "\"]\n"
                + (conflictResolution == null ? "" : "conflict_resolution = \"" + conflictResolution + "\"\n")
                + "\n[storage " + pair + "_local]\ntype = \"filesystem\"\npath = \"" + dir.resolve(pair) + "/\"\nfileext = \"" + extension
                + "\"\n\n[storage " + pair + "_remote]\ntype = \"" + storage + "\"\nurl = \"" + running.server.baseUrl + "/\"\n"
                + "username = \"alice\"\npassword = \"" + PASSWORD + "\"\n");
        return config;
    }

    private static List<Path> cards(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".vcf")).toList();
        }
    }

    private static String curlReport(String token) {
        return curl("-X", "REPORT", "-H", "Content-Type: application/xml", "-H", "Depth: 0", "--data", syncCollection(token),
                url("/dav/addressbooks/alice/contacts/"));
    }

    private static String syncCollection(String token) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>" + token
                + "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>";
    }

    private static String curl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-u", "alice:" + PASSWORD));
        command.addAll(List.of(arguments));
        return run(command).output;
    }

    /** Runs a client to its end (a minute at most) and answers its exit code and output. */
    private static Run run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), command.get(0) + " hung");
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(String multistatus) {
        Matcher m = SYNC_TOKEN.matcher(multistatus);
        assertTrue(m.find(), multistatus);
        return m.group(1);
    }

    private static String url(String path) {
        return running.server.baseUrl + path;
    }

    /** Reads every page from {@code since} into {@code into}; answers the last token. */
    private static String drain(String since, String types, int limit, List<JsonNode> into) {
        return drain(alice, since, types, limit, into);
    }

    private static String drain(RestClient as, String since, String types, int limit, List<JsonNode> into) {
        String token = since;
        JsonNode page;
        do {
            Response r = as.get("/sync/changes?types=" + types + "&limit=" + limit + (token == null ? "" : "&since=" + token));
            assertEquals(200, r.status(), r.raw().body());
            page = r.body();
            page.path("changes").forEach(into::add);
            token = page.path("nextToken").asText();
        } while (page.path("more").asBoolean());
        return token;
    }

    private static Response push(Map<String, Object> change) {
        Response r = alice.post("/sync/push", Map.of("changes", List.of(change)));
        assertEquals(200, r.status(), r.raw().body());
        return r;
    }

    private static long count() {
        List<JsonNode> all = new ArrayList<>();
        drain(null, "contact", 1000, all);
        return all.size();
    }

    private static String etag(JsonNode record) {
        return "\"" + record.path("version").asLong() + "\"";
    }

    private static String user(String name, List<String> roles, String team) {
        Response r = admin.post("/users", Map.of("userName", name, "displayName", name, "password", PASSWORD, "roles", roles, "teamIds", List.of(team)));
        assertEquals(201, r.status(), r.body().toString());
        return r.body().path("id").asText();
    }

    private static RestClient as(String name) {
        return new RestClient(running.server.baseUrl + "/api/v1").basic(name, PASSWORD);
    }

    private static RestClient dav(String name, String password) {
        return new RestClient(running.server.baseUrl).basic(name, password);
    }

    private static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
