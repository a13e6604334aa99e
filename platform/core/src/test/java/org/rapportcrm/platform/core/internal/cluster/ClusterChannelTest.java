package org.rapportcrm.platform.core.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.cluster.RecordsChanged;
import org.rapportcrm.platform.core.internal.CoreFixture;

/** The cluster channel on embedded Derby, which only one node can open: nobody to tell, always listening. */
class ClusterChannelTest {
    @AutoClose
    private final CoreFixture node = new CoreFixture();

    @Test
    void onDerbyTheOneNodeCountsAsListeningAndPublishingChangesNothing() {
        assertTrue(node.cluster.isListening());
        assertTrue(node.cluster.check().up());
        node.cluster.publish("acme.prices", "list-1");
        node.database.inTransaction(c -> {
            node.cluster.publish("acme.prices", "list-2");
            return null;
        });
    }

    @Test
    void topicsAreNamesAndPayloadsAreSmall() {
        assertThrows(IllegalArgumentException.class, () -> node.cluster.publish("two words", ""));
        assertThrows(IllegalArgumentException.class, () -> node.cluster.publish("", ""));
        assertThrows(IllegalArgumentException.class, () -> node.cluster.publish("acme.prices", "x".repeat(7001)));
        node.cluster.publish("acme.prices", "x".repeat(7000));
    }

    @Test
    void aNoticeCarriesItsSenderTimeTopicAndPayloadIntact() {
        Instant sent = Instant.ofEpochMilli(1_700_000_000_123L);
        ClusterChannel.Notice notice = ClusterChannel.Notice.parse(ClusterChannel.Notice.format("node1", sent, "rapport.records",
                "contact 17 a b\nwith a line break"));
        assertEquals(new ClusterChannel.Notice("node1", sent, "rapport.records", "contact 17 a b\nwith a line break"), notice);
        assertThrows(IllegalArgumentException.class, () -> ClusterChannel.Notice.parse("somebody else's notice"));
    }

    @Test
    void recordNoticesSplitManyDeletionsAndReadBack() {
        List<String> ids = java.util.stream.IntStream.range(0, 250).mapToObj(i -> java.util.UUID.randomUUID().toString()).toList();
        Instant since = Instant.ofEpochMilli(1_700_000_000_000L);
        List<String> payloads = new RecordsChanged("contact", since, ids).toPayloads();
        assertEquals(3, payloads.size());
        assertTrue(payloads.stream().allMatch(p -> p.length() < 7000));
        List<RecordsChanged> read = payloads.stream().map(RecordsChanged::fromPayload).toList();
        assertEquals(since, read.get(0).updatedSince());
        assertEquals(null, read.get(1).updatedSince());
        assertEquals(ids, read.stream().flatMap(r -> r.deletedIds().stream()).toList());
        assertEquals(new RecordsChanged("contact", since, List.of()), RecordsChanged.fromPayload(new RecordsChanged("contact", since, List.of()).toPayloads().get(0)));
    }

    @Test
    void channelsAreIdentifiersOfAtMost63Bytes() {
        assertEquals("rapport:public", ClusterChannel.channelOf("public"));
        String longSchema = "s".repeat(63);
        assertTrue(ClusterChannel.channelOf(longSchema).length() <= 63);
        assertTrue(!ClusterChannel.channelOf(longSchema).equals(ClusterChannel.channelOf("t".repeat(63))));
    }
}
