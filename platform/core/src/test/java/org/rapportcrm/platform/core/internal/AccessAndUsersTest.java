package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Session;
import org.rapportcrm.platform.api.security.Team;

class AccessAndUsersTest {
    private final CoreFixture core = new CoreFixture();

    @Test
    void salesRepsEditTheirTeamsRecordsButNotOtherTeams() {
        Team north = core.users.createTeam(Actor.system(), "North");
        Team south = core.users.createTeam(Actor.system(), "South");
        Actor alice = core.user("alice", Set.of("sales"), Set.of(north.id()));
        Actor bob = core.user("bob", Set.of("sales"), Set.of(north.id()));
        Actor carol = core.user("carol", Set.of("sales"), Set.of(south.id()));
        Record account = core.records.create(alice, "account", Map.of("name", "Alice's account"));

        assertEquals(2, core.records.update(bob, "account", account.getId(), 1, Map.of("city", "Oslo")).getVersion());
        assertThrows(AccessDeniedException.class, () -> core.records.update(carol, "account", account.getId(), 2, Map.of("city", "Rome")));
        assertEquals("Oslo", core.records.get(carol, "account", account.getId()).get("city"), "everyone may read");
        assertThrows(AccessDeniedException.class, () -> core.records.delete(bob, "account", account.getId(), 2), "sales delete only their own");
        core.records.delete(alice, "account", account.getId(), 2);
    }

    @Test
    void userManagementChecksTheActorItIsGivenAgainstTheStoredUser() {
        Actor rita = core.user("rita", Set.of("read-only"), Set.of());
        Actor ritaClaimingAdmin = Actor.user(rita.userId(), "rita", Set.of("admin"), Set.of());
        Actor nobody = Actor.user("no-such-user", "ghost", Set.of("admin"), Set.of());
        org.rapportcrm.platform.api.security.NewUser eve = new org.rapportcrm.platform.api.security.NewUser("eve", "Eve",
                "eve@example.com", "password-eve-123", Set.of("admin"), Set.of());

        assertThrows(AccessDeniedException.class, () -> core.users.createUser(ritaClaimingAdmin, eve), "roles the user does not have");
        assertThrows(AccessDeniedException.class, () -> core.users.createUser(nobody, eve), "a user that does not exist");
        assertThrows(AccessDeniedException.class, () -> core.users.openSession(nobody));
        assertThrows(AccessDeniedException.class, () -> core.users.createApiToken(nobody, "stolen"));
        assertThrows(AccessDeniedException.class, () -> core.users.openSession(Actor.system()), "sessions belong to users");

        core.users.openSession(rita);
        core.users.updateUser(Actor.system(), rita.userId(), null, null, false, null, null);
        assertThrows(AccessDeniedException.class, () -> core.users.openSession(rita), "a deactivated user");
        assertThrows(AccessDeniedException.class, () -> core.users.users(rita));
    }

    @Test
    void usersAreWrittenInThePlatformsTransactionAndRollBackWithIt() {
        org.rapportcrm.platform.api.security.NewUser temp = new org.rapportcrm.platform.api.security.NewUser("temp", "Temp",
                "temp@example.com", "password-temp-123", Set.of("sales"), Set.of());
        assertThrows(ValidationException.class, () -> core.records.inTransaction(() -> {
            String id = core.users.createUser(Actor.system(), temp).id();
            Record owned = core.records.create(Actor.system(), "account", Map.of("name", "Owned by the new user", "owner", id));
            assertEquals(id, owned.getOwner(), "the new user is there for the records written beside it");
            return core.records.create(Actor.system(), "contact", Map.of("firstName", "No last name"));
        }));
        assertTrue(core.users.users(Actor.system()).stream().noneMatch(u -> u.userName().equals("temp")), "rolled back with the records");
        assertEquals(0, core.records.count(Actor.system(), "account", null));
    }

    @Test
    void readOnlyUsersReadButChangeNothing() {
        Actor rita = core.user("rita", Set.of("read-only"), Set.of());
        Record c = core.records.create(Actor.system(), "contact", Map.of("lastName", "Doe"));
        assertEquals(1, core.records.query(rita, Query.of("contact")).items().size());
        assertThrows(AccessDeniedException.class, () -> core.records.create(rita, "contact", Map.of("lastName", "New")));
        assertThrows(AccessDeniedException.class, () -> core.records.update(rita, "contact", c.getId(), 1, Map.of("title", "x")));
    }

    @Test
    void aCallerWhoMayNotChangeARecordIsRefusedBeforeTheirInputOrVersionIsLookedAt() {
        Team north = core.users.createTeam(Actor.system(), "North");
        Actor rita = core.user("rita", Set.of("read-only"), Set.of());
        Actor carol = core.user("carol", Set.of("sales"), Set.of());
        Actor alice = core.user("alice", Set.of("sales"), Set.of(north.id()));
        Record c = core.records.create(alice, "contact", Map.of("lastName", "Doe"));

        assertThrows(AccessDeniedException.class, () -> core.records.update(rita, "contact", c.getId(), 99, Map.of("title", "x")),
                "a stale version is not reported to a reader");
        assertThrows(AccessDeniedException.class, () -> core.records.update(rita, "contact", c.getId(), 1, Map.of("birthdate", "no date")),
                "nor a bad value");
        assertThrows(AccessDeniedException.class, () -> core.records.update(rita, "contact", "no-such-id", 1, Map.of()),
                "nor whether the record exists");
        assertThrows(AccessDeniedException.class, () -> core.records.delete(rita, "contact", c.getId(), 99));
        assertThrows(AccessDeniedException.class, () -> core.records.update(carol, "contact", c.getId(), 99, Map.of("birthdate", "no date")),
                "a role that may edit some records, but not this one, is refused as soon as the record is found");
        assertThrows(AccessDeniedException.class, () -> core.records.delete(carol, "contact", c.getId(), 99));
        assertThrows(org.rapportcrm.platform.api.record.StaleVersionException.class,
                () -> core.records.update(alice, "contact", c.getId(), 99, Map.of("title", "x")), "who may edit learns it is stale");
    }

    @Test
    void passwordsTokensAndSessionsAuthenticate() {
        core.user("alice", Set.of("sales"), Set.of());
        Actor alice = core.users.authenticate("alice", "password-alice").orElseThrow();
        assertFalse(core.users.authenticate("alice", "wrong").isPresent());

        String token = core.users.createApiToken(alice, "laptop");
        assertEquals("alice", core.users.authenticateToken(token).orElseThrow().userName());
        assertFalse(core.users.authenticateToken(token + "x").isPresent());

        assertEquals(List.of("laptop"), core.users.apiTokens(alice).stream().map(t -> t.name()).toList());
        Actor bob = core.user("bob", Set.of("sales"), Set.of());
        String tokenId = core.users.apiTokens(alice).get(0).id();
        assertThrows(org.rapportcrm.platform.api.record.RecordNotFoundException.class, () -> core.users.revokeApiToken(bob, tokenId),
                "nobody revokes another user's token");
        core.users.revokeApiToken(alice, tokenId);
        assertFalse(core.users.authenticateToken(token).isPresent(), "a revoked token stops working at once");

        Session session = core.users.openSession(alice);
        assertEquals(alice.userId(), core.users.session(session.id()).orElseThrow().actor().userId());
        core.users.closeSession(session.id());
        assertFalse(core.users.session(session.id()).isPresent());
    }

    @Test
    void deactivatedUsersCannotSignIn() {
        Actor alice = core.user("alice", Set.of("sales"), Set.of());
        String token = core.users.createApiToken(alice, "script");
        core.users.updateUser(Actor.system(), alice.userId(), null, null, false, null, null);
        assertFalse(core.users.authenticate("alice", "password-alice").isPresent());
        assertFalse(core.users.authenticateToken(token).isPresent());
    }

    @Test
    void theFirstAdministratorIsSetUpOnce() {
        assertFalse(core.users.isSetUp());
        core.users.setUpAdmin("a-long-password");
        assertTrue(core.users.isSetUp());
        assertTrue(core.users.authenticate("admin", "a-long-password").orElseThrow().isAdmin());
        assertThrows(AccessDeniedException.class, () -> core.users.setUpAdmin("another-password"));
    }

    @Test
    void userInputIsValidatedFieldByField() {
        ValidationException e = assertThrows(ValidationException.class, () -> core.users.createUser(Actor.system(),
                new org.rapportcrm.platform.api.security.NewUser("Bad Name!", "", "nope", "short", Set.of("wizard"), Set.of())));
        assertEquals(Set.of("userName", "password", "displayName", "email", "roles"),
                e.getErrors().stream().map(x -> x.field()).collect(java.util.stream.Collectors.toSet()));
        core.user("dup", Set.of("sales"), Set.of());
        assertEquals("userName", assertThrows(ValidationException.class, () -> core.user("dup", Set.of("sales"), Set.of()))
                .getErrors().get(0).field());
    }
}
