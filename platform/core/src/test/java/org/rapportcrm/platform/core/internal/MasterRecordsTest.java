package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A write to a detail record changes its master, so it needs the right to edit the master: the comment count a trigger
 * keeps on a ticket, as the system, only ever follows a change the caller was allowed to make.
 */
abstract class MasterRecordsTest {
    private final CoreFixture core = new CoreFixture(dataSource());

    /** The database the test runs on: Derby, and PostgreSQL where one is given (see the subclasses). */
    abstract javax.sql.DataSource dataSource();

    @AfterEach
    void close() {
        core.close();
    }
    private final String north = core.users.createTeam(Actor.system(), "North").id();
    private final String south = core.users.createTeam(Actor.system(), "South").id();
    private final Actor alice = core.user("alice", Set.of("sales"), Set.of(north));
    private final Actor bob = core.user("bob", Set.of("sales"), Set.of(north));
    private final Actor carol = core.user("carol", Set.of("sales"), Set.of(south));

    {
        core.metadata.addProvider(new Helpdesk());
        core.records.addTrigger(new RecordTrigger() {
            @Override
            public Set<String> recordTypes() {
                return Set.of("ticketComment");
            }

            @Override
            public void afterWrite(Actor actor, RecordChange change) {
                String ticketId = (String) change.record().get("ticket");
                Record ticket = core.records.get(Actor.system(), "ticket", ticketId);
                long count = core.records.count(Actor.system(), "ticketComment", Filter.eq("ticket", ticketId));
                core.records.update(Actor.system(), "ticket", ticketId, ticket.getVersion(), Map.of("commentCount", count));
            }
        }, "test");
    }

    private final Record carols = core.records.create(carol, "ticket", Map.of("subject", "Carol's ticket"));
    private final Record alices = core.records.create(alice, "ticket", Map.of("subject", "Alice's ticket"));

    private long comments(Record ticket) {
        return (Long) core.records.get(Actor.system(), "ticket", ticket.getId()).get("commentCount");
    }

    @Test
    void addingADetailToAMasterYouMayNotEditIsRefusedAndTheMasterStaysAsItWas() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> core.records.create(alice, "ticketComment", Map.of("ticket", carols.getId(), "text", "9,999,999")));
        assertEquals("ticket", e.getField());
        assertEquals(0, comments(carols));
        assertEquals(0, core.records.count(Actor.system(), "ticketComment", null), "nothing half-written");

        core.records.create(bob, "ticketComment", Map.of("ticket", alices.getId(), "text", "a teammate may"));
        assertEquals(1, comments(alices));
    }

    @Test
    void changingOrDeletingADetailNeedsTheMasterToo() {
        Record kept = core.records.create(alice, "ticketComment", Map.of("ticket", alices.getId(), "text", "kept"));
        Record moving = core.records.create(alice, "ticketComment", Map.of("ticket", alices.getId(), "text", "moving"));
        assertThrows(AccessDeniedException.class, () -> core.records.update(alice, "ticketComment", moving.getId(), 1,
                Map.of("ticket", carols.getId())), "moving a detail to a master one may not edit");

        Record handedOver = core.records.get(Actor.system(), "ticket", alices.getId());
        core.records.update(Actor.system(), "ticket", alices.getId(), handedOver.getVersion(), Map.of("owner", carol.userId()));
        assertThrows(AccessDeniedException.class, () -> core.records.delete(alice, "ticketComment", kept.getId(), 1),
                "her own comment, but on a ticket she may no longer edit");
        assertThrows(AccessDeniedException.class, () -> core.records.update(alice, "ticketComment", kept.getId(), 1, Map.of("text", "x")));
        assertEquals(2, comments(alices));
        assertEquals(0, comments(carols));
    }

    @Test
    void anImportRefusesJustTheRowsOfMastersOneMayNotEdit() {
        BatchResult r = core.records.createAll(alice, "ticketComment", List.of(Map.of("ticket", alices.getId(), "text", "ok"),
                Map.of("ticket", carols.getId(), "text", "not ok")));
        assertEquals(1, r.created().size());
        assertEquals("ticket", r.failures().get(1).get(0).field());
        assertEquals("reference", core.records.createAll(alice, "ticketComment", List.of(Map.of("ticket", "no-such-ticket", "text", "x")))
                .failures().get(0).get(0).code(), "a master that does not exist is a bad reference, not a refusal");
    }
}
