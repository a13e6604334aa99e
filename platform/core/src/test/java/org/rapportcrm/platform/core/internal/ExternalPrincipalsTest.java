package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.PublicSharingRule;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.core.internal.security.StandardSharing;

/**
 * A portal user of one account sees what is shared with that account and nothing else, whichever way it reads; the
 * capability only declares what it shares (the test capability: tickets by their account, comments by their ticket's).
 */
abstract class ExternalPrincipalsTest {
    private final CoreFixture core = new CoreFixture(dataSource());
    /** The portal of the "portal" role, with its setting whether customers see only their own tickets. */
    private final TogglingPortal customerPortal = new TogglingPortal();

    /** The database the test runs on: Derby, and PostgreSQL where one is given (see the subclasses). */
    abstract javax.sql.DataSource dataSource();

    @AfterEach
    void close() {
        core.close();
    }

    {
        core.metadata.addProvider(new Helpdesk());
        core.policy.addSharingRule(new StandardSharing.Accounts());
        core.policy.addSharingRule(new StandardSharing.Contacts());
        core.policy.addSharingRule(rule("ticket", List.of("account"), List.of("contact")));
        core.policy.addSharingRule(rule("ticketComment", List.of("ticket", "account"), List.of("ticket", "contact")));
        core.policy.addExternalPortal(customerPortal);
        core.policy.addPublicSharingRule(publicRule("article", "status eq 'Published' and visibility eq 'Portal'"));
        core.policy.addPublicSharingRule(publicRule("articleVersion", "status eq 'Published'"));
    }

    private final Actor admin = core.user("root", Set.of("admin"), Set.of());
    private final Record acme = core.records.create(admin, "account", Map.of("name", "Acme"));
    private final Record globex = core.records.create(admin, "account", Map.of("name", "Globex"));
    private final Record wile = core.records.create(admin, "contact", Map.of("lastName", "Coyote", "account", acme.getId()));
    private final Record hank = core.records.create(admin, "contact", Map.of("lastName", "Scorpio", "account", globex.getId()));
    private final Record acmeTicket = core.records.create(admin, "ticket", Map.of("subject", "Anvil broken", "account", acme.getId()));
    private final Record globexTicket = core.records.create(admin, "ticket", Map.of("subject", "Doomsday device", "account", globex.getId()));
    private final Record acmeComment = core.records.create(admin, "ticketComment", Map.of("ticket", acmeTicket.getId(), "text", "on it"));
    private final Record globexComment = core.records.create(admin, "ticketComment", Map.of("ticket", globexTicket.getId(), "text", "secret"));
    private final Actor portal = external("wile", acme, Set.of("portal"));

    private static SharingRule rule(String type, List<String> path) {
        return rule(type, path, List.of());
    }

    private static SharingRule rule(String type, List<String> path, List<String> toContact) {
        return new SharingRule() {
            @Override
            public String recordType() {
                return type;
            }

            @Override
            public List<String> pathToAccount() {
                return path;
            }

            @Override
            public List<String> pathToContact() {
                return toContact;
            }
        };
    }

    private static final class TogglingPortal implements ExternalPortal {
        volatile boolean ownRecordsOnly;

        @Override
        public String name() {
            return "customer";
        }

        @Override
        public String title() {
            return "the customer portal";
        }

        @Override
        public String role() {
            return "portal";
        }

        @Override
        public String invitePermission() {
            return Permission.INVITE_PORTAL_USERS;
        }

        @Override
        public String address() {
            return "https://support.example/portal/";
        }

        @Override
        public boolean ownRecordsOnly() {
            return ownRecordsOnly;
        }
    }

    private static PublicSharingRule publicRule(String type, String filter) {
        return new PublicSharingRule() {
            @Override
            public String recordType() {
                return type;
            }

            @Override
            public String filter() {
                return filter;
            }
        };
    }

    private Actor external(String name, Record account, Set<String> roles) {
        return external(name, account, null, roles);
    }

    private Actor external(String name, Record account, Record contact, Set<String> roles) {
        core.users.createUser(admin, new NewUser(name, name, null, "password-" + name, roles, Set.of(), account.getId(),
                contact == null ? null : contact.getId()));
        return core.users.authenticate(name, "password-" + name).orElseThrow();
    }

    @Test
    void aPortalUserSeesOnlyWhatIsSharedWithItsAccount() {
        assertTrue(portal.isExternal());
        assertEquals(List.of(acme.getId()), ids(core.records.query(portal, Query.of("account")).items()));
        assertEquals(List.of(wile.getId()), ids(core.records.query(portal, Query.of("contact")).items()));
        assertEquals(List.of(acmeTicket.getId()), ids(core.records.query(portal, Query.of("ticket")).items()));
        assertEquals(List.of(acmeComment.getId()), ids(core.records.query(portal, Query.of("ticketComment")).items()),
                "shared through two references");
        assertEquals(1, core.records.count(portal, "contact", null));
        assertEquals(0, core.records.count(portal, "contact", Filter.eq("account", globex.getId())), "a filter reaches no further");
        assertThrows(RecordNotFoundException.class, () -> core.records.get(portal, "contact", hank.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.records.history(portal, "ticket", globexTicket.getId(), 10));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(portal, "ticketComment", globexComment.getId()));
    }

    @Test
    void whatNoRuleSharesIsNotThereAtAllNotEvenInSearch() {
        core.records.create(admin, "activity", Map.of("subject", "Coyote call notes", "activityType", "Call", "account", acme.getId()));
        assertThrows(AccessDeniedException.class, () -> core.records.query(portal, Query.of("activity")));
        assertThrows(AccessDeniedException.class, () -> core.records.query(portal, Query.of("queue")));
        List<String> found = core.records.search(portal, "coyote", 10).stream().map(Record::getType).toList();
        assertEquals(List.of("contact"), found, "the contact is shared, the activity is not");
        assertEquals(0, core.records.search(portal, "scorpio", 10).size());
    }

    @Test
    void aPortalUserWritesOnlyRecordsThatStaySharedWithItsAccount() {
        core.policy.create(admin, new RoleDefinition("ticket-portal", "Ticket portal", List.of(
                new Grant(Grant.ANY_TYPE, AccessScope.ALL, false, AccessScope.NONE, AccessScope.NONE),
                new Grant("ticket", AccessScope.ALL, true, AccessScope.OWN, AccessScope.NONE)), List.of(), Set.of(), false, 0));
        Actor customer = external("road", acme, Set.of("ticket-portal"));
        Record own = core.records.create(customer, "ticket", Map.of("subject", "Rocket skates", "account", acme.getId()));
        assertThrows(AccessDeniedException.class, () -> core.records.create(customer, "ticket", Map.of("subject", "Planted", "account", globex.getId())));
        assertThrows(AccessDeniedException.class, () -> core.records.update(customer, "ticket", own.getId(), 1, Map.of("account", globex.getId())),
                "nor moved to another account");
        assertEquals(1, core.records.count(admin, "ticket", Filter.eq("account", globex.getId())), "nothing half-written");
        assertThrows(AccessDeniedException.class, () -> core.records.createAll(customer, "ticket", List.of(Map.of("subject", "bulk"))));
    }

    @Test
    void aPortalUserDeletesNoMoreThroughACascadeThanItCouldDirectly() {
        core.policy.create(admin, new RoleDefinition("ticket-closer", "Ticket closer", List.of(
                new Grant(Grant.ANY_TYPE, AccessScope.ALL, false, AccessScope.NONE, AccessScope.NONE),
                new Grant("ticket", AccessScope.ALL, true, AccessScope.OWN, AccessScope.OWN)), List.of(), Set.of(), false, 0));
        Actor customer = external("road", acme, Set.of("ticket-closer"));
        Record own = core.records.create(customer, "ticket", Map.of("subject", "Rocket skates", "account", acme.getId()));
        Record answer = core.records.create(admin, "ticketComment", Map.of("ticket", own.getId(), "text", "the agent's answer"));

        assertThrows(AccessDeniedException.class, () -> core.records.deletion(customer, "ticket", own.getId()));
        assertThrows(AccessDeniedException.class, () -> core.records.delete(customer, "ticket", own.getId(), 1),
                "the agent's comment would go with it, and a portal user may not delete comments");
        assertEquals(answer.getId(), core.records.get(admin, "ticketComment", answer.getId()).getId(), "nothing half-written");

        core.records.delete(admin, "ticketComment", answer.getId(), 1);
        core.records.delete(customer, "ticket", own.getId(), core.records.get(admin, "ticket", own.getId()).getVersion());
    }

    @Test
    void aPortalUserKnowsOnlyItselfHoldsNoPermissionAndIsNeverAnAdministrator() {
        assertEquals(List.of("wile"), core.users.users(portal).stream().map(User::userName).toList());
        assertTrue(core.users.teams(portal).isEmpty());
        assertFalse(core.policy.hasPermission(portal, Permission.EXPORT));
        assertEquals(List.of("portal"), core.policy.roles(portal).stream().map(RoleDefinition::name).toList());
        assertFalse(Actor.external("x", "x", Set.of("admin"), acme.getId()).isAdmin());
        assertEquals("roles", assertThrows(ValidationException.class, () -> core.users.createUser(admin,
                new NewUser("boss", "Boss", null, "password-boss", Set.of("admin"), Set.of(), acme.getId()))).getErrors().get(0).field());
        assertEquals("accountId", assertThrows(ValidationException.class, () -> core.users.createUser(admin,
                new NewUser("lost", "Lost", null, "password-lost", Set.of("portal"), Set.of(), "no-such-account"))).getErrors().get(0).field());
    }

    @Test
    void aPortalUserReadsThePublishedPortalArticlesOfNoAccountAndNothingElseOfThem() {
        Record published = core.records.create(admin, "article", Map.of("title", "Resetting your anvil", "status", "Published", "visibility", "Portal"));
        Record draft = core.records.create(admin, "article", Map.of("title", "Anvil recall draft", "visibility", "Portal"));
        Record internal = core.records.create(admin, "article", Map.of("title", "Anvil margins", "status", "Published"));
        Record releasedVersion = core.records.create(admin, "articleVersion", Map.of("article", published.getId(), "title", "Resetting", "status", "Published"));
        Record draftVersion = core.records.create(admin, "articleVersion", Map.of("article", published.getId(), "title", "Resetting v2"));
        Actor otherCompany = external("hank", globex, Set.of("portal"));

        for (Actor customer : List.of(portal, otherCompany)) {
            assertEquals(List.of(published.getId()), ids(core.records.query(customer, Query.of("article")).items()), "whatever the account");
            assertEquals(published.getId(), core.records.get(customer, "article", published.getId()).getId());
        }
        assertEquals(1, core.records.count(portal, "article", null));
        assertEquals(0, core.records.count(portal, "article", Filter.eq("status", "Draft")), "a filter reaches no further");
        assertThrows(RecordNotFoundException.class, () -> core.records.get(portal, "article", draft.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(portal, "article", internal.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.records.history(portal, "article", draft.getId(), 10));
        assertEquals(List.of(), core.records.history(portal, "article", published.getId(), 10), "its drafts stay internal");
        assertEquals(1, core.records.history(admin, "article", published.getId(), 10).size());
        assertEquals(List.of(releasedVersion.getId()), ids(core.records.query(portal, Query.of("articleVersion")
                .where(Filter.eq("article", published.getId()))).items()), "its related list holds the released version only");
        assertThrows(RecordNotFoundException.class, () -> core.records.get(portal, "articleVersion", draftVersion.getId()));
        assertEquals(List.of(published.getId()), ids(core.records.search(portal, "resetting", 10).stream().filter(r -> r.getType().equals("article")).toList()),
                "search finds the shared one only");
    }

    @Test
    void aPortalUserChangesNoArticleEvenOneItReads() {
        core.policy.create(admin, new RoleDefinition("eager", "Eager portal", List.of(
                new Grant(Grant.ANY_TYPE, AccessScope.ALL, true, AccessScope.ALL, AccessScope.ALL)), List.of(), Set.of(), false, 0));
        Actor eager = external("road", acme, Set.of("eager"));
        Record published = core.records.create(admin, "article", Map.of("title", "Rocket skates", "status", "Published", "visibility", "Portal"));

        assertEquals(AccessScope.NONE, core.policy.access(eager, "article").edit(), "shared to read only, whatever the role grants");
        assertThrows(AccessDeniedException.class, () -> core.records.update(eager, "article", published.getId(), 1, Map.of("title", "Hacked")));
        assertThrows(AccessDeniedException.class, () -> core.records.delete(eager, "article", published.getId(), 1));
        assertThrows(AccessDeniedException.class, () -> core.records.create(eager, "article", Map.of("title", "Planted", "status", "Published",
                "visibility", "Portal")));
        assertThrows(AccessDeniedException.class, () -> core.records.update(portal, "article", published.getId(), 1, Map.of("title", "Hacked")));
        assertEquals("Rocket skates", core.records.get(admin, "article", published.getId()).get("title"), "nothing half-written");
    }

    @Test
    void aPublicSharingRuleWhoseFilterDoesNotCompileSharesNothing() {
        core.policy.addPublicSharingRule(publicRule("ticketLog", "noSuchField eq 'x'"));
        core.records.create(Actor.system(), "ticketLog", Map.of("message", "internal trace"));
        assertEquals(0, core.records.count(portal, "ticketLog", null));
    }

    @Test
    void aPublicSharingRuleComparingWithTheAccountsLevelSharesWithEachPartnerWhatIsForItsLevel() {
        core.metadata.addProvider(new PartnerChannel());
        core.policy.addPublicSharingRule(publicRule("brochure", "status eq 'Published' and level eq principal.account.level"));
        core.policy.addPublicSharingRule(publicRule("brochure", "status eq 'Published' and level empty and region eq principal.account.region"));
        Record gold = core.records.create(admin, "level", Map.of("name", "Gold"));
        Record silver = core.records.create(admin, "level", Map.of("name", "Silver"));
        core.records.update(admin, "account", acme.getId(), acme.getVersion(), Map.of("level", gold.getId(), "region", "EMEA"));
        core.records.update(admin, "account", globex.getId(), globex.getVersion(), Map.of("level", silver.getId()));
        Record goldBrochure = core.records.create(admin, "brochure", Map.of("title", "Rocket pricing", "status", "Published", "level", gold.getId()));
        Record goldDraft = core.records.create(admin, "brochure", Map.of("title", "Rocket pricing next year", "level", gold.getId()));
        Record silverBrochure = core.records.create(admin, "brochure", Map.of("title", "Rocket basics", "status", "Published", "level", silver.getId()));
        Record emeaBrochure = core.records.create(admin, "brochure", Map.of("title", "Rocket events in EMEA", "status", "Published", "region", "EMEA"));
        Actor silverPartner = external("hank", globex, Set.of("portal"));

        assertEquals(Set.of(goldBrochure.getId(), emeaBrochure.getId()), Set.copyOf(ids(core.records.query(portal, Query.of("brochure")).items())));
        assertEquals(List.of(silverBrochure.getId()), ids(core.records.query(silverPartner, Query.of("brochure")).items()),
                "its level's, and not the region's of another account: Globex has no region, so the second rule is not for it");
        assertEquals(1, core.records.count(silverPartner, "brochure", null));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(silverPartner, "brochure", goldBrochure.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(portal, "brochure", goldDraft.getId()));
        assertEquals(Set.of(goldBrochure.getId(), emeaBrochure.getId()), Set.copyOf(ids(core.records.search(portal, "rocket", 10))),
                "search finds what is for it only");
        assertEquals(List.of(silverBrochure.getId()), ids(core.records.search(silverPartner, "rocket", 10)));
        assertEquals(0, core.records.count(silverPartner, "brochure", Filter.eq("level", gold.getId())), "a filter reaches no further");

        Record promoted = core.records.get(admin, "account", globex.getId());
        core.records.update(admin, "account", globex.getId(), promoted.getVersion(), Map.of("level", gold.getId()));
        assertEquals(List.of(goldBrochure.getId()), ids(core.records.query(silverPartner, Query.of("brochure")).items()),
                "the account's level as it is now");
    }

    @Test
    void aPrincipalWhoseAccountHasNoLevelSeesOnlyWhatRulesThatNeedNoneShare() {
        core.metadata.addProvider(new PartnerChannel());
        core.policy.addPublicSharingRule(publicRule("brochure", "status eq 'Published' and (level empty or level eq principal.account.level)"));
        core.policy.addPublicSharingRule(publicRule("brochure", "status eq 'Published' and title eq 'Welcome'"));
        Record gold = core.records.create(admin, "level", Map.of("name", "Gold"));
        Record forEveryPartner = core.records.create(admin, "brochure", Map.of("title", "Partner handbook", "status", "Published"));
        core.records.create(admin, "brochure", Map.of("title", "Rocket pricing", "status", "Published", "level", gold.getId()));
        Record welcome = core.records.create(admin, "brochure", Map.of("title", "Welcome", "status", "Published", "level", gold.getId()));

        assertEquals(List.of(welcome.getId()), ids(core.records.query(portal, Query.of("brochure")).items()),
                "a customer (no level) is not one the level rule is for, not even for what it shares with every level");
        core.records.update(admin, "account", acme.getId(), acme.getVersion(), Map.of("level", gold.getId()));
        assertEquals(3, core.records.count(portal, "brochure", null));
        assertTrue(ids(core.records.query(portal, Query.of("brochure")).items()).contains(forEveryPartner.getId()));
    }

    @Test
    void aPublicSharingRuleComparingWithAnAccountFieldItCannotCompareWithSharesNothing() {
        core.metadata.addProvider(new PartnerChannel());
        Record gold = core.records.create(admin, "level", Map.of("name", "Gold"));
        core.records.update(admin, "account", acme.getId(), acme.getVersion(), Map.of("level", gold.getId(), "region", "EMEA"));
        core.records.create(admin, "brochure", Map.of("title", "EMEA pricing", "status", "Published", "level", gold.getId(), "region", "EMEA"));

        for (String filter : List.of("level eq principal.account.noSuchField", "level eq principal.account.region",
                "region eq principal.account.level", "title sw principal.account.region", "status eq 'Published' or level eq principal.account.name")) {
            PublicSharingRule rule = publicRule("brochure", filter);
            core.policy.addPublicSharingRule(rule);
            assertEquals(0, core.records.count(portal, "brochure", null), filter);
            core.policy.removePublicSharingRule(rule);
        }
    }

    @Test
    void whereThePortalShowsOnlyTheirOwnACustomerReadsOnlyTheTicketsWhoseContactTheyAreAndTheirComments() {
        Record road = core.records.create(admin, "contact", Map.of("lastName", "Runner", "account", acme.getId()));
        Record wileTicket = core.records.create(admin, "ticket", Map.of("subject", "Rocket misfired", "account", acme.getId(), "contact", wile.getId()));
        Record roadTicket = core.records.create(admin, "ticket", Map.of("subject", "Rocket too fast", "account", acme.getId(), "contact", road.getId()));
        Record wileComment = core.records.create(admin, "ticketComment", Map.of("ticket", wileTicket.getId(), "text", "try again"));
        core.records.create(admin, "ticketComment", Map.of("ticket", roadTicket.getId(), "text", "slow down"));
        Actor coyote = external("coyote", acme, wile, Set.of("portal"));
        assertEquals(wile.getId(), coyote.contactId());

        assertEquals(Set.of(acmeTicket.getId(), wileTicket.getId(), roadTicket.getId()), Set.copyOf(ids(core.records.query(coyote, Query.of("ticket")).items())),
                "by default the account's tickets");

        customerPortal.ownRecordsOnly = true; // the administrator's setting applies at once
        assertEquals(List.of(wileTicket.getId()), ids(core.records.query(coyote, Query.of("ticket")).items()));
        assertEquals(List.of(wileComment.getId()), ids(core.records.query(coyote, Query.of("ticketComment")).items()), "through two references");
        assertEquals(0, core.records.count(coyote, "ticket", Filter.eq("contact", road.getId())), "a filter reaches no further");
        assertThrows(RecordNotFoundException.class, () -> core.records.get(coyote, "ticket", roadTicket.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.records.history(coyote, "ticket", roadTicket.getId(), 10));
        assertEquals(List.of(wileTicket.getId()), ids(core.records.search(coyote, "rocket", 10).stream().filter(r -> r.getType().equals("ticket")).toList()),
                "search finds their own only");
        assertEquals(List.of(acme.getId()), ids(core.records.query(coyote, Query.of("account")).items()), "what no contact path shares stays the account's");
        assertEquals(2, core.records.count(coyote, "contact", null), "colleagues are still shared by the account");

        Actor noContact = external("acme-admin", acme, Set.of("portal"));
        assertEquals(0, core.records.count(noContact, "ticket", null), "a principal that is no contact owns no ticket");
    }

    @Test
    void whereThePortalShowsOnlyTheirOwnACustomerChangesNoColleaguesTicket() {
        core.policy.create(admin, new RoleDefinition("ticket-portal", "Ticket portal", List.of(
                new Grant(Grant.ANY_TYPE, AccessScope.ALL, false, AccessScope.NONE, AccessScope.NONE),
                new Grant("ticket", AccessScope.ALL, true, AccessScope.ALL, AccessScope.NONE)), List.of(), Set.of(), false, 0));
        customerPortal.ownRecordsOnly = true;
        Record road = core.records.create(admin, "contact", Map.of("lastName", "Runner", "account", acme.getId()));
        Record roadTicket = core.records.create(admin, "ticket", Map.of("subject", "Rocket too fast", "account", acme.getId(), "contact", road.getId()));
        Actor coyote = external("coyote", acme, wile, Set.of("ticket-portal", "portal"));

        assertThrows(RecordNotFoundException.class, () -> core.records.update(coyote, "ticket", roadTicket.getId(), 1, Map.of("subject", "Mine now")));
        assertThrows(AccessDeniedException.class, () -> core.records.create(coyote, "ticket", Map.of("subject", "For Road", "account", acme.getId(),
                "contact", road.getId())), "nor opens one for a colleague");
        Record own = core.records.create(coyote, "ticket", Map.of("subject", "Anvil", "account", acme.getId(), "contact", wile.getId()));
        assertThrows(AccessDeniedException.class, () -> core.records.update(coyote, "ticket", own.getId(), 1, Map.of("contact", road.getId())),
                "nor gives one away");
        assertEquals("Rocket too fast", core.records.get(admin, "ticket", roadTicket.getId()).get("subject"), "nothing half-written");
    }

    private static List<String> ids(List<Record> records) {
        return records.stream().map(Record::getId).toList();
    }
}
