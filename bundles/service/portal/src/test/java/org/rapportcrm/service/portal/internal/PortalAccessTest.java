package org.rapportcrm.service.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;

class PortalAccessTest {
    private static final String PASSWORD = "a-long-portal-password";
    private final PortalFixture fixture = new PortalFixture();
    private final Record acme = fixture.account("Acme");
    private final Record ann = fixture.contact("Jones", "Ann.Jones@acme.example", acme);
    private final Actor agent = fixture.core.user("sam", Set.of("service"), Set.of());

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String code(ValidationException e) {
        return e.getErrors().get(0).field() + ":" + e.getErrors().get(0).code();
    }

    @Test
    void anInvitedContactChoosesAPasswordAndSignsInAsAPortalUserOfItsAccount() {
        PortalAccess.Invitation invitation = fixture.access.invite(agent, ann.getId());

        assertEquals("ann.jones@acme.example", invitation.userName(), "the e-mail address is the user name");
        String token = fixture.linkSentTo("Ann.Jones@acme.example");
        assertEquals(invitation.userName(), fixture.access.choosePassword(token, PASSWORD));
        Actor signedIn = fixture.core.users.authenticate("ann.jones@acme.example", PASSWORD).orElseThrow();
        assertTrue(signedIn.isExternal());
        assertEquals(acme.getId(), signedIn.accountId());
        assertEquals(Set.of(PortalAccess.PORTAL_ROLE), signedIn.roles());
        assertEquals(Optional.of(ann.getId()), fixture.access.contactOf(signedIn.userId()));
        assertEquals(ann.getId(), fixture.access.me(signedIn).get("contactId"));

        ValidationException again = assertThrows(ValidationException.class, () -> fixture.access.choosePassword(token, "another-password-1"));
        assertEquals("token:used", code(again));
    }

    @Test
    void aPasswordTheRulesRefuseLeavesTheLinkWorking() {
        fixture.access.invite(agent, ann.getId());
        String token = fixture.linkSentTo("Ann.Jones@acme.example");

        ValidationException tooShort = assertThrows(ValidationException.class, () -> fixture.access.choosePassword(token, "short"));
        assertEquals("password", tooShort.getErrors().get(0).field());
        fixture.access.choosePassword(token, PASSWORD);
    }

    @Test
    void anInvitationExpires() {
        fixture.access.invite(agent, ann.getId());
        fixture.clock.advance(Duration.ofHours(72));
        ValidationException late = assertThrows(ValidationException.class,
                () -> fixture.access.choosePassword(fixture.linkSentTo("Ann.Jones@acme.example"), PASSWORD));
        assertEquals("token:expired", code(late));
    }

    @Test
    void invitingAgainReactivatesTheSamePortalUserAndVoidsTheFirstLink() {
        PortalAccess.Invitation first = fixture.access.invite(agent, ann.getId());
        String firstLink = fixture.linkSentTo("Ann.Jones@acme.example");
        fixture.core.users.updateUser(Actor.system(), first.userId(), null, null, false, null, null);

        PortalAccess.Invitation second = fixture.access.invite(agent, ann.getId());

        assertEquals(first.userId(), second.userId());
        assertTrue(fixture.core.users.user(Actor.system(), first.userId()).map(User::active).orElseThrow());
        assertEquals("token:used", code(assertThrows(ValidationException.class, () -> fixture.access.choosePassword(firstLink, PASSWORD))));
        fixture.access.choosePassword(fixture.linkSentTo("Ann.Jones@acme.example"), PASSWORD);
    }

    @Test
    void onlyStaffWithTheInvitePermissionInvite() {
        Actor seller = fixture.core.user("alice", Set.of("sales"), Set.of());
        assertThrows(AccessDeniedException.class, () -> fixture.access.invite(seller, ann.getId()));
        PortalAccess.Invitation invitation = fixture.access.invite(agent, ann.getId());
        Actor customer = Actor.external(invitation.userId(), invitation.userName(), Set.of(PortalAccess.PORTAL_ROLE), acme.getId());
        assertThrows(AccessDeniedException.class, () -> fixture.access.invite(customer, ann.getId()), "a customer invites nobody");
        assertEquals(1, fixture.sent.size());
    }

    @Test
    void aContactWithoutAnEmailAddressOrAccountIsRefusedNamingTheField() {
        Record noEmail = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Quiet", "account", acme.getId()));
        Record noAccount = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Loner", "email", "loner@example.com"));
        assertEquals("email:required", code(assertThrows(ValidationException.class, () -> fixture.access.invite(agent, noEmail.getId()))));
        assertEquals("account:required", code(assertThrows(ValidationException.class, () -> fixture.access.invite(agent, noAccount.getId()))));
        assertTrue(fixture.sent.isEmpty());
    }

    @Test
    void aResetLinkGoesOnlyToAnActivePortalUserWithThatAddress() {
        fixture.access.invite(agent, ann.getId());
        fixture.access.choosePassword(fixture.linkSentTo("Ann.Jones@acme.example"), PASSWORD);
        fixture.access.requestReset("nobody@acme.example");
        fixture.access.requestReset("sam@example.com"); // staff reset their password with an administrator
        assertEquals(1, fixture.sent.size());

        fixture.access.requestReset(" ann.jones@ACME.example ");
        fixture.access.requestReset("ann.jones@acme.example");

        assertEquals(2, fixture.sent.size(), "one reset e-mail a minute");
        fixture.access.choosePassword(fixture.linkSentTo("Ann.Jones@acme.example"), "a-new-portal-password");
        assertTrue(fixture.core.users.authenticate("ann.jones@acme.example", "a-new-portal-password").isPresent());
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.access.requestReset("ann.jones@acme.example");
        assertEquals(3, fixture.sent.size());
    }

    @Test
    void staffHaveNoPortalProfile() {
        assertThrows(AccessDeniedException.class, () -> fixture.access.me(agent));
    }
}
