package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.PrincipalInvitations;
import org.rapportcrm.platform.api.security.PrincipalInvitations.Invitation;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.core.internal.security.Invitations;

/**
 * Inviting a contact into a portal: a link by e-mail that works once, until it expires, and only while it is the
 * newest; the invitee becomes an external principal of the contact's account, as that contact; the contact's history
 * says who invited it and when it was accepted.
 */
class PrincipalInvitationsTest {
    private static final String PASSWORD = "a-long-enough-password";
    private static final Pattern LINK = Pattern.compile("https://partners\\.example/p/#/password/([A-Za-z0-9_-]{43})");

    private final CoreFixture core = new CoreFixture();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final KeptMail mail = new KeptMail();
    private final PrincipalInvitations invitations = core.invitations(mail, clock, new TestPortal());
    private final Actor admin = core.user("root", Set.of("admin"), Set.of());
    private final Actor seller = core.user("sally", Set.of("sales"), Set.of());
    private final Record acme = core.records.create(admin, "account", Map.of("name", "Acme"));
    private final Record ann = core.records.create(admin, "contact", Map.of("firstName", "Ann", "lastName", "Jones",
            "email", "Ann.Jones@acme.example", "account", acme.getId()));

    @AfterEach
    void close() {
        core.close();
    }

    /** A portal whose people must belong to an account named Acme, for the portal's own check. */
    static final class TestPortal implements ExternalPortal {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public String title() {
            return "the test portal";
        }

        @Override
        public String role() {
            return "portal";
        }

        @Override
        public String invitePermission() {
            return "invitePartnerUsers";
        }

        @Override
        public String address() {
            return "https://partners.example/p/";
        }

        @Override
        public Duration invitationValidity() {
            return Duration.ofHours(24);
        }

        @Override
        public void checkInvitee(Record contact, Record account) {
            if (!"Acme".equals(account.get("name"))) {
                throw new ValidationException("account", "notPartner", "only Acme's people");
            }
        }
    }

    private String lastLink() {
        OutgoingMail last = mail.sent.get(mail.sent.size() - 1);
        Matcher m = LINK.matcher(last.text());
        assertTrue(m.find(), last.text());
        return m.group(1);
    }

    private static String code(ValidationException e) {
        return e.getErrors().get(0).field() + ":" + e.getErrors().get(0).code();
    }

    @Test
    void theInviteeChoosesAPasswordOnceAndActsAsTheContactOfItsAccount() {
        Invitation invitation = invitations.invite(admin, "test", ann.getId());
        assertEquals("ann.jones@acme.example", invitation.userName());
        assertEquals(clock.instant().plus(Duration.ofHours(24)), invitation.expiresAt());
        OutgoingMail sent = mail.sent.get(0);
        assertEquals("Your access to the test portal", sent.subject());
        assertEquals("Ann.Jones@acme.example", sent.to().get(0).address());
        String token = lastLink();

        assertEquals(invitation.userName(), invitations.choosePassword(token, PASSWORD));
        Actor signedIn = core.users.authenticate(invitation.userName(), PASSWORD).orElseThrow();
        assertTrue(signedIn.isExternal());
        assertEquals(acme.getId(), signedIn.accountId());
        assertEquals(ann.getId(), signedIn.contactId());
        assertEquals(Set.of("portal"), signedIn.roles());

        assertEquals("token:used", code(assertThrows(ValidationException.class, () -> invitations.choosePassword(token, "another-password-1"))));
    }

    @Test
    void aLinkExpiresAndARefusedPasswordLeavesItWorking() {
        invitations.invite(admin, "test", ann.getId());
        String token = lastLink();
        assertEquals("password:length", code(assertThrows(ValidationException.class, () -> invitations.choosePassword(token, "short"))));
        clock.advance(Duration.ofHours(23));
        invitations.choosePassword(token, PASSWORD); // still within its day, though a password was refused before

        invitations.invite(admin, "test", ann.getId());
        String late = lastLink();
        clock.advance(Duration.ofHours(24));
        assertEquals("token:expired", code(assertThrows(ValidationException.class, () -> invitations.choosePassword(late, PASSWORD))));
        assertEquals("token:invalid", code(assertThrows(ValidationException.class, () -> invitations.choosePassword("not-a-link", PASSWORD))));
    }

    @Test
    void invitingAgainVoidsTheFirstLinkAndKeepsOneUserForTheContact() {
        Invitation first = invitations.invite(admin, "test", ann.getId());
        String firstLink = lastLink();
        core.users.updateUser(admin, first.userId(), null, null, false, null, null);
        Invitation second = invitations.invite(admin, "test", ann.getId());
        assertEquals(first.userId(), second.userId());
        assertTrue(core.users.user(admin, second.userId()).map(User::active).orElseThrow(), "active again");
        assertEquals("token:used", code(assertThrows(ValidationException.class, () -> invitations.choosePassword(firstLink, PASSWORD))));
        invitations.choosePassword(lastLink(), PASSWORD);
    }

    @Test
    void theContactsHistorySaysWhoInvitedItAndWhenItWasAccepted() {
        invitations.invite(admin, "test", ann.getId());
        invitations.choosePassword(lastLink(), PASSWORD);
        List<Change> history = core.records.history(admin, "contact", ann.getId(), 10);
        assertEquals("ACCEPTED", history.get(0).operation());
        assertEquals("ann.jones@acme.example", history.get(0).actorName());
        assertEquals("INVITED", history.get(1).operation());
        assertEquals("root", history.get(1).actorName());
        assertEquals("test", history.get(1).field());
    }

    @Test
    void onlyStaffWithThePortalsPermissionInvite() {
        assertThrows(AccessDeniedException.class, () -> invitations.invite(seller, "test", ann.getId()));
        invitations.invite(admin, "test", ann.getId());
        invitations.choosePassword(lastLink(), PASSWORD);
        Actor customer = core.users.authenticate("ann.jones@acme.example", PASSWORD).orElseThrow();
        assertThrows(AccessDeniedException.class, () -> invitations.invite(customer, "test", ann.getId()), "an invitee invites nobody");
        assertEquals(1, mail.sent.size());
    }

    @Test
    void badInvitationsAreRefusedNamingTheFieldAndWriteNothing() {
        Record noEmail = core.records.create(admin, "contact", Map.of("lastName", "Nomail", "account", acme.getId()));
        Record noAccount = core.records.create(admin, "contact", Map.of("lastName", "Alone", "email", "alone@example.com"));
        Record globex = core.records.create(admin, "account", Map.of("name", "Globex"));
        Record hank = core.records.create(admin, "contact", Map.of("lastName", "Scorpio", "email", "hank@globex.example", "account", globex.getId()));
        core.users.createUser(admin, new NewUser("twin@acme.example", "Staff twin", null, PASSWORD, Set.of("sales"), Set.of()));
        Record twin = core.records.create(admin, "contact", Map.of("lastName", "Twin", "email", "Twin@Acme.example", "account", acme.getId()));
        assertEquals("email:required", code(assertThrows(ValidationException.class, () -> invitations.invite(admin, "test", noEmail.getId()))));
        assertEquals("account:required", code(assertThrows(ValidationException.class, () -> invitations.invite(admin, "test", noAccount.getId()))));
        assertEquals("account:notPartner", code(assertThrows(ValidationException.class, () -> invitations.invite(admin, "test", hank.getId()))));
        assertEquals("email:unique", code(assertThrows(ValidationException.class, () -> invitations.invite(admin, "test", twin.getId()))),
                "another user signs in with that name");
        assertEquals("portal:notInstalled", code(assertThrows(ValidationException.class, () -> invitations.invite(admin, "nowhere", ann.getId()))));
        assertEquals(List.of(), mail.sent);
        assertEquals(3, core.users.users(admin).size(), "root, sally and twin only");
    }

    @Test
    void aResetLinkGoesOnlyToAnActivePrincipalOfThatPortalAtMostOnceAMinute() {
        invitations.invite(admin, "test", ann.getId());
        invitations.choosePassword(lastLink(), PASSWORD);
        invitations.requestPasswordReset("test", "nobody@acme.example");
        invitations.requestPasswordReset("test", "sally@example.com"); // staff reset theirs with an administrator
        assertEquals(1, mail.sent.size());
        invitations.requestPasswordReset("test", " ann.jones@ACME.example ");
        invitations.requestPasswordReset("test", "ann.jones@acme.example");
        assertEquals(2, mail.sent.size(), "once a minute");
        assertEquals("Reset your portal password", mail.sent.get(1).subject());
        invitations.choosePassword(lastLink(), "a-new-portal-password");
        assertTrue(core.users.authenticate("ann.jones@acme.example", "a-new-portal-password").isPresent());
    }

    @Test
    void principalsMadeBeforeInvitationsGetTheirContactLinkedOnlyToAContactOfTheirAccount() {
        User old = core.users.createUser(admin, new NewUser("old", "Old", null, PASSWORD, Set.of("portal"),
                Set.of(), acme.getId()));
        Record globex = core.records.create(admin, "account", Map.of("name", "Globex"));
        Record hank = core.records.create(admin, "contact", Map.of("lastName", "Scorpio", "account", globex.getId()));
        assertEquals("contactId:reference", code(assertThrows(ValidationException.class, () -> core.users.linkContact(admin, old.id(), hank.getId()))));
        assertEquals(ann.getId(), core.users.linkContact(admin, old.id(), ann.getId()).contactId());
        assertEquals(ann.getId(), core.users.authenticate("old", PASSWORD).orElseThrow().contactId());
    }
}
