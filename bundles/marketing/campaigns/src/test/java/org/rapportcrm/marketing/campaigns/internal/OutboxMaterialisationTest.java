package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.core.internal.CoreFixture;

/**
 * Materialisation resumed after a crash: the outbox's inserts skip the contacts that already have a row (one key
 * lookup each in the insert, no read of the campaign's rows first). Derby here; {@link PostgresOutboxMaterialisationTest}
 * runs the same on PostgreSQL.
 */
class OutboxMaterialisationTest {
    private CampaignFixture f;

    DataSource database() {
        return CoreFixture.memoryDataSource();
    }

    @BeforeEach
    void open() {
        f = new CampaignFixture(500, database());
    }

    private static RecipientStore.Recipient pending(Record campaign, Record contact) {
        return new RecipientStore.Recipient(campaign.getId(), contact.getId(), (String) contact.get("email"), RecipientStore.PENDING, null, null);
    }

    @Test
    void aRerunAddsOnlyTheRowsTheDeadRunDidNotCommitAndLeavesTheWrittenOnesAsTheyAre() {
        List<Record> contacts = new ArrayList<>();
        for (int i = 0; i < 520; i++) {
            contacts.add(f.contact("C" + i, "c" + i + "@example.com"));
        }
        Record campaign = f.campaign(f.segment("All", contacts.toArray(Record[]::new)).getId(), null);
        // The dead run committed the rows of half the audience, and the first of them is queued already.
        List<Record> written = contacts.subList(0, 260);
        assertEquals(written.stream().map(Record::getId).collect(Collectors.toSet()),
                f.store.insert(campaign.getId(), written.stream().map(c -> pending(campaign, c)).toList()));
        f.store.markQueued(campaign.getId(), List.of(new RecipientStore.Queued(contacts.get(0).getId(), "hash", "<m0@test>")), Instant.now());

        f.sender.materialise(campaign, false);

        Map<String, Long> stats = f.store.stats(campaign.getId());
        assertEquals(1L, stats.get(RecipientStore.QUEUED), "the queued row stays queued");
        assertEquals(519L, stats.get(RecipientStore.PENDING), "one row for each of the others, in pages of 500");
        assertEquals("Queued", f.row(campaign.getId(), contacts.get(0).getId()));
    }

    @Test
    void aContactsRowIsWrittenOnceWhateverTheSecondInsertSays() {
        Record ada = f.contact("Ada", "ada@example.com");
        Record bob = f.contact("Bob", "bob@example.com");
        Record campaign = f.campaign(f.segment("Both", ada, bob).getId(), null);
        assertEquals(Set.of(ada.getId()), f.store.insert(campaign.getId(), List.of(pending(campaign, ada))));

        Set<String> added = f.store.insert(campaign.getId(), List.of(
                new RecipientStore.Recipient(campaign.getId(), ada.getId(), null, RecipientStore.SUPPRESSED, RecipientStore.NO_EMAIL, null),
                pending(campaign, bob)));

        assertEquals(Set.of(bob.getId()), added);
        assertEquals("Pending", f.row(campaign.getId(), ada.getId()), "the first row stays as it was");
        assertEquals("Pending", f.row(campaign.getId(), bob.getId()));
    }
}
