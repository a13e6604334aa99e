package org.rapportcrm.prm.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.security.StandardSharing;
import org.rapportcrm.prm.api.Partners;

/**
 * Collateral and knowledge articles by partner tier over the real core (in-memory Derby): each partner sees the
 * published items of its own tier and those for every tier, with their files; customers and drafts see nothing.
 */
class PartnerCollateralTest {
    /** The knowledge base's article as far as PRM relies on it: its name, status and visibility (PRM adds the tier). */
    private static final RecordTypeProvider KNOWLEDGE_STAND_IN = () -> List.of(new RecordType(PrmSharing.KNOWLEDGE_ARTICLE,
            "knowledgeArticles", "Article", "Articles", "title", List.of(
            builder("title", FieldType.TEXT).required(true).build(),
            builder("status", FieldType.PICKLIST).picklistValues(List.of("Draft", "Published")).defaultValue("Draft").build(),
            builder("visibility", FieldType.PICKLIST).picklistValues(List.of("Internal", "Portal")).defaultValue("Internal").build())));

    private final CoreFixture core = new CoreFixture(CoreFixture.memoryDataSource());

    {
        core.metadata.addProvider(new SalesStandIn());
        core.metadata.addProvider(new PrmTypes());
        core.metadata.addProvider(KNOWLEDGE_STAND_IN);
        core.policy.addSharingRule(new StandardSharing.Accounts());
        core.policy.addPublicSharingRule(new PrmSharing.Collateral());
        core.policy.addPublicSharingRule(new PrmSharing.TierArticles());
    }

    private final Actor carla = core.user("carla", Set.of(Partners.CHANNEL_MANAGER_ROLE), Set.of());
    private final String gold = core.records.create(Actor.system(), Partners.TIER, Map.of("name", "Gold")).getId();
    private final String silver = core.records.create(Actor.system(), Partners.TIER, Map.of("name", "Silver")).getId();
    private final Actor paula = user("paula", partner("Northwind", gold), Partners.PARTNER_ROLE);
    private final Actor conrad = user("conrad", partner("Contoso", silver), Partners.PARTNER_ROLE);
    private final Actor pat = user("pat", core.records.create(Actor.system(), "account", Map.of("name", "A customer")), "portal");

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void partnersOfDifferentTiersSeeThePublishedCollateralOfTheirTierAndForEveryTierWithItsFiles() {
        Record priceList = collateral("Gold price list", gold, Partners.PUBLISHED);
        Record onboarding = collateral("Silver onboarding", silver, Partners.PUBLISHED);
        Record overview = collateral("Product overview", null, Partners.PUBLISHED);
        Record draft = collateral("Next year's programme", gold, Partners.DRAFT);
        StoredFile prices = core.files.store(carla, Partners.COLLATERAL, priceList.getId(), new NewFile("prices.csv", null, false),
                new ByteArrayInputStream("product,price\nCloud,1020\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(priceList.getId(), overview.getId()), titlesSorted(paula));
        assertEquals(List.of(overview.getId(), onboarding.getId()), titlesSorted(conrad));
        assertEquals(List.of(), titlesSorted(pat), "a customer's account has no tier: no collateral at all");
        assertEquals(List.of(prices), core.files.list(paula, Partners.COLLATERAL, priceList.getId()));
        assertEquals(prices, core.files.open(paula, prices.id()).file());
        assertThrows(RecordNotFoundException.class, () -> core.files.open(conrad, prices.id()));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(conrad, Partners.COLLATERAL, priceList.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(paula, Partners.COLLATERAL, draft.getId()));
        assertEquals(4, core.records.count(carla, Partners.COLLATERAL, null), "the channel manager sees all");
    }

    @Test
    void partnersReadCollateralButNeitherChangeNorAddAny() {
        Record overview = collateral("Product overview", null, Partners.PUBLISHED);
        assertThrows(AccessDeniedException.class, () -> core.records.update(paula, Partners.COLLATERAL, overview.getId(), overview.getVersion(),
                Map.of("title", "Ours now")));
        assertThrows(AccessDeniedException.class, () -> core.records.create(paula, Partners.COLLATERAL, Map.of("title", "Planted",
                "kind", "Other", "status", Partners.PUBLISHED)));
        assertThrows(AccessDeniedException.class, () -> core.files.store(paula, Partners.COLLATERAL, overview.getId(),
                new NewFile("x.txt", null, false), new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aKnowledgeArticleGivenATierIsSharedWithThatTiersPartnersOnlyBesidesWhatItsVisibilitySays() {
        Record forGold = article("Gold integration guide", "Published", "Internal", gold);
        Record forEveryone = article("Resetting a password", "Published", "Portal", null);
        article("Gold draft", "Draft", "Internal", gold);
        article("Internal margins", "Published", "Internal", null);

        assertEquals(List.of(forGold.getId()), ids(core.records.query(paula, Query.of(PrmSharing.KNOWLEDGE_ARTICLE)).items()));
        assertEquals(List.of(), ids(core.records.query(conrad, Query.of(PrmSharing.KNOWLEDGE_ARTICLE)).items()));
        assertEquals(List.of(), ids(core.records.query(pat, Query.of(PrmSharing.KNOWLEDGE_ARTICLE)).items()),
                "the knowledge base's own rule for portal articles (not registered here) shares " + forEveryone.get("title"));
    }

    private Record collateral(String title, String tier, String status) {
        Map<String, Object> values = new HashMap<>(Map.of("title", title, "kind", "Brochure", "status", status));
        if (tier != null) {
            values.put(Partners.PARTNER_TIER, tier);
        }
        return core.records.create(carla, Partners.COLLATERAL, values);
    }

    private Record article(String title, String status, String visibility, String tier) {
        Map<String, Object> values = new HashMap<>(Map.of("title", title, "status", status, "visibility", visibility));
        if (tier != null) {
            values.put(Partners.PARTNER_TIER, tier);
        }
        return core.records.create(Actor.system(), PrmSharing.KNOWLEDGE_ARTICLE, values);
    }

    private List<String> titlesSorted(Actor actor) {
        return ids(core.records.query(actor, Query.of(Partners.COLLATERAL).sortBy("title", false)).items());
    }

    private static List<String> ids(List<Record> records) {
        return records.stream().map(Record::getId).toList();
    }

    private Record partner(String name, String tier) {
        return core.records.create(Actor.system(), "account", Map.of("name", name, Partners.IS_PARTNER, true, Partners.PARTNER_TIER, tier));
    }

    private Actor user(String name, Record account, String role) {
        core.users.createUser(Actor.system(), new NewUser(name, name, null, "password-" + name, Set.of(role), Set.of(), account.getId()));
        return core.users.authenticate(name, "password-" + name).orElseThrow();
    }
}
