package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.GroupCount;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.search.SearchIndex;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.RoleDefinition;

/** The record service's behaviour, the same on every database Rapport supports (see the subclasses). */
abstract class RecordServiceTest {
    @AutoClose
    final CoreFixture core = new CoreFixture(dataSource());

    abstract javax.sql.DataSource dataSource();
    private final Actor admin = Actor.system();

    @Test
    void aCreatedRecordReadsBackWithTypedValues() {
        Record account = core.records.create(admin, "account", Map.of("name", "Acme GmbH", "employees", 250,
                "annualRevenue", Map.of("amount", "1200000.50", "currency", "eur"), "website", "https://acme.example"));
        Record read = core.records.get(admin, "account", account.getId());

        assertEquals("Acme GmbH", read.get("name"));
        assertEquals(250L, read.get("employees"));
        assertEquals(new Money(new BigDecimal("1200000.50"), "EUR"), read.get("annualRevenue"));
        assertEquals(1, read.getVersion());
        assertEquals(account.getCreatedAt(), read.getCreatedAt());
    }

    @Test
    void badValuesAreRefusedNamingEveryFieldAndNothingIsWritten() {
        Map<String, Object> input = new HashMap<>();
        input.put("lastName", "x".repeat(101));
        input.put("email", "not-an-email");
        input.put("birthdate", "31/12/1990");
        input.put("doNotCall", "maybe");
        input.put("shoeSize", 42);
        input.put("createdAt", "2020-01-01T00:00:00Z");

        ValidationException e = assertThrows(ValidationException.class, () -> core.records.create(admin, "contact", input));

        Set<String> fields = e.getErrors().stream().map(FieldError::field).collect(Collectors.toSet());
        assertEquals(Set.of("lastName", "email", "birthdate", "doNotCall", "shoeSize", "createdAt"), fields);
        assertTrue(core.records.query(admin, Query.of("contact")).items().isEmpty());
    }

    @Test
    void requiredFieldsMustBeGivenAndDefaultsAreApplied() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> core.records.create(admin, "activity", Map.of("activityType", "Call")));
        assertEquals(List.of("subject"), e.getErrors().stream().map(FieldError::field).toList());

        Record call = core.records.create(admin, "activity", Map.of("subject", "Intro call", "activityType", "Call"));
        assertEquals("Planned", call.get("status"));
        assertEquals("Normal", call.get("priority"));
    }

    @Test
    void referencesMustPointAtExistingRecords() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> core.records.create(admin, "contact", Map.of("lastName", "Doe", "account", "no-such-id")));
        assertEquals("reference", e.getErrors().get(0).code());
    }

    @Test
    void anUpdateAgainstAnOldVersionIsRefusedAndTheNewerValueStays() {
        Record c = core.records.create(admin, "contact", Map.of("lastName", "Doe"));
        core.records.update(admin, "contact", c.getId(), 1, Map.of("title", "CEO"));

        assertThrows(StaleVersionException.class, () -> core.records.update(admin, "contact", c.getId(), 1, Map.of("title", "CTO")));
        assertEquals("CEO", core.records.get(admin, "contact", c.getId()).get("title"));
        assertEquals(2, core.records.get(admin, "contact", c.getId()).getVersion());
    }

    @Test
    void ofConcurrentUpdatesOfOneVersionExactlyOneWins() throws Exception {
        Record c = core.records.create(admin, "contact", Map.of("lastName", "Doe"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String title = "Title " + i;
            writers.add(() -> {
                try {
                    core.records.update(admin, "contact", c.getId(), 1, Map.of("title", title));
                    return true;
                } catch (StaleVersionException e) {
                    return false;
                }
            });
        }
        int winners = 0;
        for (Future<Boolean> f : pool.invokeAll(writers)) {
            winners += f.get() ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(1, winners);
        assertEquals(2, core.records.get(admin, "contact", c.getId()).getVersion());
        assertEquals(1, core.records.history(admin, "contact", c.getId(), 50).stream().filter(ch -> "title".equals(ch.field())).count());
    }

    @Test
    void everyChangeIsAuditedWithWhoWhenAndOldAndNewValue() {
        Actor alice = core.user("alice", Set.of("sales"), Set.of());
        Record c = core.records.create(alice, "contact", Map.of("lastName", "Doe", "title", "Engineer"));
        core.records.update(alice, "contact", c.getId(), 1, Map.of("title", "Lead engineer", "lastName", "Doe"));

        List<Change> history = core.records.history(alice, "contact", c.getId(), 10);

        assertEquals(2, history.size(), "one create and one changed field; an unchanged value is not a change");
        Change titleChange = history.get(0);
        assertEquals("title", titleChange.field());
        assertEquals("Engineer", titleChange.oldValue());
        assertEquals("Lead engineer", titleChange.newValue());
        assertEquals("alice", titleChange.actorName());
        assertEquals("CREATE", history.get(1).operation());
    }

    @Test
    void listenersHearEachCommittedChangeInOrderWithTheChangedFields() {
        Record c = core.records.create(admin, "contact", Map.of("lastName", "Doe"));
        core.records.update(admin, "contact", c.getId(), 1, Map.of("title", "CFO"));
        core.records.delete(admin, "contact", c.getId(), 2);

        CoreFixture.await("three changes heard", () -> core.changesHeard.size() == 3);
        assertEquals(List.of(RecordEvents.CREATED, RecordEvents.UPDATED, RecordEvents.DELETED),
                core.changesHeard.stream().map(RecordChange::kind).toList(), "in the order they were committed");
        assertEquals(Set.of("title"), core.changesHeard.get(1).changedFields());
        assertThrows(RecordNotFoundException.class, () -> core.records.get(admin, "contact", c.getId()));
    }

    @Test
    void filtersCombineComparisonsWithAndOr() {
        contact("Anna", "Berg", "DE", "1980-01-01");
        contact("Bert", "Bauer", "AT", "1990-06-15");
        contact("Carla", "Conti", "IT", "2000-12-31");
        contact("Dora", "Dahl", null, "1975-03-03");

        assertEquals(List.of("Bauer", "Berg"), lastNames("lastName sw 'b'", "lastName"));
        assertEquals(List.of("Bauer", "Conti"), lastNames("birthdate ge 1990-01-01 and birthdate le 2000-12-31", "lastName"));
        assertEquals(List.of("Bauer", "Berg"), lastNames("country in ('DE', 'AT')", "lastName"));
        assertEquals(List.of("Dahl"), lastNames("country empty", "lastName"));
        assertEquals(3, core.records.count(admin, "contact", FilterExpression.parse("country notempty")));
        assertEquals(List.of("Berg", "Conti"), lastNames("country eq 'IT' or (firstName eq 'Anna' and country notempty)", "lastName"));
        assertThrows(InvalidQueryException.class, () -> lastNames("nosuchfield eq 1", "lastName"));
        assertThrows(InvalidQueryException.class, () -> lastNames("birthdate ge 'yesterday'", "lastName"));
    }

    @Test
    void cursorPagingVisitsEveryRecordOnceInSortOrder() {
        for (int i = 0; i < 23; i++) {
            contact("F" + i, "Name" + (i % 7), i % 5 == 0 ? null : "C" + (i % 3), null);
        }
        for (boolean desc : new boolean[] {false, true}) {
            for (String sort : new String[] {"lastName", "country", "createdAt", null}) {
                List<Record> seen = new ArrayList<>();
                String cursor = null;
                do {
                    Page<Record> page = core.records.query(admin, Query.of("contact").sortBy(sort, desc).limit(4).after(cursor));
                    seen.addAll(page.items());
                    cursor = page.nextCursor();
                } while (cursor != null);
                List<Record> all = core.records.query(admin, Query.of("contact").sortBy(sort, desc).limit(100)).items();
                assertEquals(all.stream().map(Record::getId).toList(), seen.stream().map(Record::getId).toList(), "sort " + sort + " desc " + desc);
                assertEquals(23, new HashSet<>(seen.stream().map(Record::getId).toList()).size());
            }
        }
    }

    @Test
    void globalSearchFindsRecordsByPrefixOfTheirNames() {
        core.records.create(admin, "account", Map.of("name", "Globex Corporation"));
        contact("Homer", "Simpson", null, null);
        contact("Marge", "Simpson", null, null);

        assertEquals(Set.of("Homer", "Marge"), core.records.search(admin, "simp", 10).stream()
                .map(r -> (String) r.get("firstName")).collect(Collectors.toSet()));
        assertEquals(List.of("Homer"), core.records.search(admin, "sim hom", 10).stream().map(r -> (String) r.get("firstName")).toList());
        assertEquals(List.of("account"), core.records.search(admin, "GLOB", 10).stream().map(Record::getType).toList());
    }

    @Test
    void globalSearchTakesTheIndexsCandidatesButShowsOnlyRecordsThatStillExist() {
        String homer = core.records.create(admin, "contact", Map.of("firstName", "Homer", "lastName", "Simpson")).getId();
        String gone = core.records.create(admin, "contact", Map.of("firstName", "Bart", "lastName", "Simpson")).getId();
        core.records.delete(admin, "contact", gone, 1);
        SearchIndex index = indexOfContacts((text, offset) -> offset == 0 && text.equals("anything") ? List.of(gone, homer) : List.of());
        core.records.addSearchIndex(index, "test");
        try {
            assertEquals(List.of(homer), core.records.search(admin, "anything", 5).stream().map(Record::getId).toList());
            assertEquals(List.of(), core.records.search(admin, "simpson", 5), "the index's answer counts for the types it covers");
        } finally {
            core.records.removeSearchIndex(index);
        }
    }

    @Test
    void globalSearchAsksTheDatabaseWhenTheIndexDoesNotCoverATypeOrFails() {
        core.records.create(admin, "account", Map.of("name", "Globex Corporation"));
        contact("Homer", "Simpson", null, null);
        SearchIndex failing = indexOfContacts((text, offset) -> {
            throw new IllegalStateException("index unreadable");
        });
        core.records.addSearchIndex(failing, "test");
        try {
            assertEquals(List.of("account"), core.records.search(admin, "glob", 5).stream().map(Record::getType).toList());
            assertEquals(List.of("Homer"), core.records.search(admin, "simp", 5).stream().map(r -> r.get("firstName")).toList());
        } finally {
            core.records.removeSearchIndex(failing);
        }
    }

    /** A search index that covers contacts only and answers {@code find} with the text and offset it is given. */
    private static SearchIndex indexOfContacts(BiFunction<String, Integer, List<String>> find) {
        return new SearchIndex() {
            @Override
            public boolean covers(String type) {
                return type.equals("contact");
            }

            @Override
            public List<String> find(String type, String text, int offset, int limit) {
                return find.apply(text, offset);
            }
        };
    }

    @Test
    void recordsAreCountedPerGroupOfValuesLargestGroupFirst() {
        contact("Anna", "Berg", "DE", "1990-01-01");
        contact("Ben", "Bauer", "DE", "1990-01-01");
        contact("Carla", "Conti", "IT", "1990-01-01");
        contact("Dora", "Dahl", null, "1975-03-03");
        contact("Emil", "Eck", "DE", "1975-03-03");

        assertEquals(List.of(new GroupCount(List.of("DE"), 3), new GroupCount(List.of("IT"), 1),
                new GroupCount(java.util.Arrays.asList((Object) null), 1)), sortedTies(core.records.countBy(admin, "contact", List.of("country"), null, 10)));
        assertEquals(List.of(new GroupCount(List.of("DE", LocalDate.parse("1990-01-01")), 2)),
                core.records.countBy(admin, "contact", List.of("country", "birthdate"), FilterExpression.parse("country eq 'DE'"), 1));
        assertEquals("description", assertThrows(InvalidQueryException.class,
                () -> core.records.countBy(admin, "contact", List.of("description"), null, 10)).getParameter(), "long text is not grouped");
    }

    @Test
    void aSelectionIsTheFiltersRecordsAsTheActorMayReadThemForSetBasedWorkInTheDatabase() throws Exception {
        var north = core.users.createTeam(admin, "North");
        var south = core.users.createTeam(admin, "South");
        core.policy.create(admin, new RoleDefinition("team-sales", "Team sales", List.of(
                new Grant(Grant.ANY_TYPE,
                        AccessScope.TEAM, true, AccessScope.OWN,
                        AccessScope.OWN)), List.of(), Set.of(), false, 0));
        Actor alice = core.user("alice", Set.of("team-sales"), Set.of(north.id()));
        Actor carol = core.user("carol", Set.of("team-sales"), Set.of(south.id()));
        String customer = core.records.create(admin, "account", Map.of("name", "Customer AG", "accountType", "Customer")).getId();
        String prospect = core.records.create(admin, "account", Map.of("name", "Prospect AG", "accountType", "Prospect")).getId();
        String alicesGerman = core.records.create(alice, "contact", Map.of("lastName", "Adler", "country", "DE", "account", customer)).getId();
        core.records.create(alice, "contact", Map.of("lastName", "Amato", "country", "IT", "account", customer));
        String carolsGerman = core.records.create(carol, "contact", Map.of("lastName", "Cramer", "country", "DE", "account", prospect)).getId();

        assertEquals(List.of(alicesGerman), selected(core.records.select(alice, "contact", FilterExpression.parse("country eq 'DE'"))),
                "alice's team's German contacts, not carol's");
        List<String> german = selected(core.records.select(admin, "contact", FilterExpression.parse("country eq 'DE'")));
        assertEquals(Set.of(alicesGerman, carolsGerman), Set.copyOf(german));
        assertEquals(List.of(alicesGerman), selected(core.records.select(admin, "contact", FilterExpression.parse("country eq 'DE'"))
                .referencing("account", core.records.select(admin, "account", FilterExpression.parse("accountType eq 'Customer'")))),
                "German contacts of customers");

        var all = core.records.select(admin, "contact", null);
        assertEquals(3, selected(all).size());

        assertEquals("filter", assertThrows(InvalidQueryException.class,
                () -> core.records.select(admin, "contact", FilterExpression.parse("shoeSize eq 42"))).getParameter());
        assertEquals("lastName", assertThrows(InvalidQueryException.class,
                () -> all.referencing("lastName", core.records.select(admin, "account", null))).getParameter());
        assertEquals("account", assertThrows(InvalidQueryException.class,
                () -> all.referencing("account", core.records.select(admin, "contact", null))).getParameter(), "a contact is not an account");
    }

    /** The ids a selection names, in id order, read with plain JDBC as a capability would. */
    private List<String> selected(org.rapportcrm.platform.api.record.RecordSelection selection) throws java.sql.SQLException {
        try (java.sql.Connection c = core.dataSource.getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT s.id FROM (" + selection.sql() + ") s ORDER BY s.id")) {
            selection.bind(ps, 1);
            List<String> ids = new ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** Groups of the same size in a stable order (the database may give ties in either order). */
    private static List<GroupCount> sortedTies(List<GroupCount> groups) {
        return groups.stream().sorted(java.util.Comparator.comparingLong(GroupCount::count).reversed()
                .thenComparing(g -> String.valueOf(g.values().get(0)))).toList();
    }

    private void contact(String first, String last, String country, String birthdate) {
        Map<String, Object> v = new HashMap<>(Map.of("firstName", first, "lastName", last));
        if (country != null) {
            v.put("country", country);
        }
        if (birthdate != null) {
            v.put("birthdate", LocalDate.parse(birthdate));
        }
        core.records.create(admin, "contact", v);
    }

    private List<String> lastNames(String filter, String sort) {
        return core.records.query(admin, Query.of("contact").where(FilterExpression.parse(filter)).sortBy(sort, false))
                .items().stream().map(r -> (String) r.get("lastName")).toList();
    }

    @Test
    void aBulkCreationStoresEveryValueAsGivenWithTabsNewlinesBackslashesNullsAndUnicode() {
        List<String> names = List.of("Back\\slash \\N \\t \\\\", "Ünïcödé 東京 😀", "\\", "N", "O'Brien \"Quoted\", comma");
        List<String> texts = List.of("Tab\there", "Line\nbreak\r\nand CRLF", "\\.\n\\N", "東京\t😀", "\t\n\\");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("lastName", names.get(i));
            row.put("title", names.get(i));
            row.put("description", texts.get(i));
            row.put("birthdate", "1990-12-31");
            row.put("doNotCall", true);
            rows.add(row);
        }
        rows.add(Map.of("lastName", "Nulls"));

        List<Record> created = core.records.createAll(admin, "contact", rows).created();

        assertEquals(rows.size(), created.size());
        for (int i = 0; i < names.size(); i++) {
            Record read = core.records.get(admin, "contact", created.get(i).getId());
            assertEquals(names.get(i), read.get("lastName"));
            assertEquals(names.get(i), read.get("title"));
            assertEquals(texts.get(i), read.get("description"));
            assertEquals(LocalDate.of(1990, 12, 31), read.get("birthdate"));
            assertEquals(true, read.get("doNotCall"));
            assertEquals(created.get(i).getCreatedAt(), read.getCreatedAt());
        }
        Record nulls = core.records.get(admin, "contact", created.get(names.size()).getId());
        assertNull(nulls.get("title"));
        assertNull(nulls.get("birthdate"));
        assertEquals(false, nulls.get("doNotCall"), "the default applies");
        assertEquals(List.of("N", "Nulls"), lastNames("lastName sw 'n'", "lastName"), "its lower-cased column is filled too");
    }

    @Test
    void aBulkCreationStoresNumbersMoneyAndTimesAsGiven() {
        List<Record> accounts = core.records.createAll(admin, "account", List.of(
                Map.of("name", "Acme", "employees", 250, "annualRevenue", Map.of("amount", "1200000.50", "currency", "eur")),
                Map.of("name", "Tiny", "employees", -1, "annualRevenue", Map.of("amount", "0.01", "currency", "USD")))).created();
        List<Record> calls = core.records.createAll(admin, "activity", List.of(
                Map.of("subject", "Call", "activityType", "Call", "dueAt", "2026-03-29T01:30:15.123Z", "durationMinutes", 30))).created();

        Record acme = core.records.get(admin, "account", accounts.get(0).getId());
        assertEquals(250L, acme.get("employees"));
        assertEquals(new Money(new BigDecimal("1200000.50"), "EUR"), acme.get("annualRevenue"));
        assertEquals(new Money(new BigDecimal("0.01"), "USD"), core.records.get(admin, "account", accounts.get(1).getId()).get("annualRevenue"));
        Record call = core.records.get(admin, "activity", calls.get(0).getId());
        assertEquals(java.time.Instant.parse("2026-03-29T01:30:15.123Z"), call.get("dueAt"));
        assertEquals(30L, call.get("durationMinutes"));
        assertEquals("Planned", call.get("status"));
    }

    @Test
    void aBulkCreationIsAuditedAndHeardRowByRow() {
        Actor alice = core.user("alice", Set.of("sales"), Set.of());
        List<Record> created = core.records.createAll(alice, "contact", List.of(Map.of("lastName", "Ames"), Map.of("lastName", "Bell"),
                Map.of("lastName", "Cole"))).created();

        for (Record r : created) {
            List<Change> history = core.records.history(alice, "contact", r.getId(), 10);
            assertEquals(1, history.size());
            assertEquals("CREATE", history.get(0).operation());
            assertEquals(r.get("lastName"), history.get(0).newValue());
            assertEquals("alice", history.get(0).actorName());
        }
        CoreFixture.await("three creations heard", () -> core.changesHeard.size() == 3);
        assertEquals(created.stream().map(Record::getId).toList(), core.changesHeard.stream().map(ch -> ch.record().getId()).toList());
    }

    @Test
    void aBulkCreationWhoseTransactionFailsLeavesNoRowNoAuditAndNothingHeard() {
        Actor alice = core.user("alice", Set.of("sales"), Set.of());
        List<String> ids = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> core.records.createAll(alice, "contact",
                List.of(Map.of("lastName", "Ames"), Map.of("lastName", "Bell")), (c, result) -> {
                    result.created().forEach(r -> ids.add(r.getId()));
                    throw new IllegalStateException("the job's progress could not be written");
                }));

        assertEquals(2, ids.size());
        assertTrue(core.records.query(admin, Query.of("contact")).items().isEmpty());
        long audited = core.database.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM rapport_audit WHERE record_id IN (?, ?)")) {
                ps.setString(1, ids.get(0));
                ps.setString(2, ids.get(1));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertEquals(0, audited);
        assertTrue(core.changesHeard.isEmpty());
    }

    @Test
    void deletedRecordsAreGoneButTheirHistoryRemains() {
        Record c = core.records.create(admin, "contact", Map.of("lastName", "Doe"));
        core.records.delete(admin, "contact", c.getId(), 1);
        assertFalse(core.records.query(admin, Query.of("contact")).items().stream().anyMatch(r -> r.getId().equals(c.getId())));
        assertNull(core.records.query(admin, Query.of("contact")).nextCursor());
    }
}
