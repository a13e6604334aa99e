package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Session;
import org.rapportcrm.platform.api.security.SignInThrottledException;

/** Changing a password locks out whoever knew the old one, and needs the old one to do it. */
class PasswordChangeTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor alice = core.user("alice", Set.of("sales"), Set.of());

    @Test
    void changingYourPasswordNeedsTheCurrentOneAndEndsEveryOtherSessionAndToken() {
        Session here = core.users.openSession(alice);
        Session elsewhere = core.users.openSession(alice);
        String token = core.users.createApiToken(alice, "script");
        assertTrue(core.users.authenticate("alice", "password-alice").isPresent(), "remembered for Basic auth");

        ValidationException wrong = assertThrows(ValidationException.class,
                () -> core.users.changePassword(alice, "not-it", "a-new-password", here.id()));
        assertEquals("currentPassword", wrong.getErrors().get(0).field());
        assertTrue(core.users.session(elsewhere.id()).isPresent(), "a refused change changes nothing");

        core.users.changePassword(alice, "password-alice", "a-new-password", here.id());

        assertTrue(core.users.session(here.id()).isPresent(), "the session that changed it stays signed in");
        assertFalse(core.users.session(elsewhere.id()).isPresent(), "every other session ended");
        assertFalse(core.users.authenticateToken(token).isPresent(), "API tokens were revoked");
        assertFalse(core.users.authenticate("alice", "password-alice").isPresent(), "the old password stopped at once");
        assertTrue(core.users.authenticate("alice", "a-new-password").isPresent());
    }

    @Test
    void aWrongCurrentPasswordCountsAsAFailedSignIn() {
        for (int i = 0; i < 6; i++) {
            int n = i;
            assertThrows(ValidationException.class, () -> core.users.changePassword(alice, "guess-" + n, "a-new-password", null));
        }
        assertThrows(SignInThrottledException.class, () -> core.users.changePassword(alice, "password-alice", "a-new-password", null),
                "a stolen session cannot be used to guess the password at speed");
    }

    @Test
    void setPasswordIsForAdministratorsResettingSomeoneElse() {
        Actor bob = core.user("bob", Set.of("sales"), Set.of());
        assertEquals("currentPassword", assertThrows(ValidationException.class,
                () -> core.users.setPassword(alice, alice.userId(), "a-new-password")).getErrors().get(0).field());
        assertThrows(AccessDeniedException.class, () -> core.users.setPassword(bob, alice.userId(), "a-new-password"));

        Actor admin = core.user("root", Set.of("admin"), Set.of());
        Session aliceSession = core.users.openSession(alice);
        String token = core.users.createApiToken(alice, "script");
        core.users.setPassword(admin, alice.userId(), "reset-by-admin");
        assertFalse(core.users.session(aliceSession.id()).isPresent());
        assertFalse(core.users.authenticateToken(token).isPresent());
        assertTrue(core.users.authenticate("alice", "reset-by-admin").isPresent());
    }

    @Test
    void methodsThatTakeAnActorRefuseNone() {
        assertThrows(AccessDeniedException.class, () -> core.users.users(null));
        assertThrows(AccessDeniedException.class, () -> core.users.user(null, alice.userId()));
        assertThrows(AccessDeniedException.class, () -> core.users.teams(null));
        assertThrows(AccessDeniedException.class, () -> core.users.apiTokens(null));
    }
}
