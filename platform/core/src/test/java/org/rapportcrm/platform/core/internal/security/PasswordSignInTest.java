package org.rapportcrm.platform.core.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.SignInThrottledException;
import org.rapportcrm.platform.core.internal.MutableClock;

/** How sign-in resists guessing and load: back-off, equal cost for unknown users, bounded and shared hashing. */
class PasswordSignInTest {
    private static final Duration RECHECK = Duration.ofSeconds(60);
    private final Secrets secrets = new Secrets();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final FakeAccounts accounts = new FakeAccounts();
    private final PasswordHashing hashing = new PasswordHashing(4, Duration.ofSeconds(5));
    private final PasswordSignIn signIn = new PasswordSignIn(accounts, secrets, hashing,
            new FailedSignIns(new FailedSignIns.Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(900), Duration.ofHours(1), 1000)),
            new FailedSignIns(new FailedSignIns.Policy(20, Duration.ofSeconds(1), Duration.ofSeconds(900), Duration.ofHours(1), 1000)),
            new PasswordSignIn.Settings(RECHECK, Duration.ofHours(8), 1000), clock);
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void userNamesAreMatchedTrimmedAndLowerCasedLikeTheSignInForm() {
        accounts.add("alice", "alice-password");
        assertEquals("alice", signIn.authenticate("  Alice ", "alice-password", null).orElseThrow().userName());
        assertFalse(signIn.authenticate("alice", " alice-password", null).isPresent(), "passwords are taken exactly as sent");
    }

    @Test
    void unknownAndInactiveUsersCostAPasswordHashLikeAWrongPassword() {
        accounts.add("alice", "alice-password");
        accounts.add("olga", "olga-password");
        accounts.deactivate("olga");

        long before = hashing.hashed();
        assertFalse(signIn.authenticate("alice", "wrong", null).isPresent());
        assertFalse(signIn.authenticate("nobody", "whatever", null).isPresent());
        assertFalse(signIn.authenticate("olga", "olga-password", null).isPresent());
        assertEquals(3, hashing.hashed() - before, "each answer took one hash, so timing tells known from unknown users apart no better than chance");
    }

    @Test
    void repeatedFailuresForAUserNameMakeItWaitLongerEachTimeEvenWithTheRightPassword() {
        accounts.add("alice", "alice-password");
        for (int i = 0; i < 5; i++) {
            assertFalse(signIn.authenticate("alice", "guess-" + i, "10.0.0." + i).isPresent());
        }
        assertFalse(signIn.authenticate("alice", "guess-5", "10.0.0.5").isPresent(), "the sixth failure is still checked");
        long hashes = hashing.hashed();
        SignInThrottledException wait = assertThrows(SignInThrottledException.class,
                () -> signIn.authenticate("ALICE", "alice-password", "10.0.0.9"));
        assertEquals(SignInThrottledException.Reason.TOO_MANY_FAILURES, wait.getReason());
        assertEquals(1, wait.getRetryAfterSeconds());
        assertEquals(hashes, hashing.hashed(), "a waiting attempt costs no hash");

        clock.advance(Duration.ofSeconds(1));
        assertFalse(signIn.authenticate("alice", "guess-6", null).isPresent());
        assertEquals(2, assertThrows(SignInThrottledException.class, () -> signIn.authenticate("alice", "guess-7", null))
                .getRetryAfterSeconds(), "the delay doubles");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(signIn.authenticate("alice", "alice-password", null).isPresent(), "after the wait the right password works");
        assertFalse(signIn.authenticate("alice", "guess-8", null).isPresent(), "and success starts the count afresh");
        assertFalse(signIn.authenticate("alice", "guess-9", null).isPresent());
    }

    @Test
    void unknownUserNamesBackOffLikeKnownOnes() {
        for (int i = 0; i < 6; i++) {
            signIn.authenticate("ghost", "guess-" + i, null);
        }
        assertThrows(SignInThrottledException.class, () -> signIn.authenticate("ghost", "another", null),
                "an attacker learns nothing from which names are throttled");
    }

    @Test
    void aClientAddressThatFailsWithManyUserNamesMustWait() {
        accounts.add("bob", "bob-password");
        for (int i = 0; i < 21; i++) {
            assertFalse(signIn.authenticate("user" + i, "password", "192.0.2.7").isPresent());
        }
        assertEquals(SignInThrottledException.Reason.TOO_MANY_FAILURES,
                assertThrows(SignInThrottledException.class, () -> signIn.authenticate("bob", "bob-password", "192.0.2.7")).getReason());
        assertTrue(signIn.authenticate("bob", "bob-password", "192.0.2.8").isPresent(), "other addresses are not affected");
    }

    @Test
    void concurrentChecksOfOneCredentialShareOneHash() throws Exception {
        accounts.add("bob", "bob-password");
        List<Future<Optional<Actor>>> results = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return signIn.authenticate("bob", "bob-password", "198.51.100.1");
            }));
        }
        start.countDown();
        for (Future<Optional<Actor>> r : results) {
            assertTrue(r.get(20, TimeUnit.SECONDS).isPresent());
        }
        assertEquals(1, hashing.hashed(), "sixteen requests of one user, one password hash");
    }

    @Test
    void aRememberedSignInIsRecheckedWithoutHashingAndDroppedOnceThePasswordChanged() {
        accounts.add("bob", "bob-password");
        signIn.authenticate("bob", "bob-password", null).orElseThrow();
        clock.advance(RECHECK.plusSeconds(1));
        int reads = accounts.readsById.get();
        assertTrue(signIn.authenticate("bob", "bob-password", null).isPresent());
        assertEquals(reads + 1, accounts.readsById.get(), "the user was read again");
        assertEquals(1, hashing.hashed(), "but not hashed again");

        accounts.add("bob", "new-password"); // changed on another node: a new hash in the database
        clock.advance(RECHECK.plusSeconds(1));
        assertFalse(signIn.authenticate("bob", "bob-password", null).isPresent(), "the old password stops working");
        assertTrue(signIn.authenticate("bob", "new-password", null).isPresent());
    }

    @Test
    void beyondTheBoundOfConcurrentHashesCallersAreToldTheServerIsBusy() throws Exception {
        PasswordHashing one = new PasswordHashing(1, Duration.ZERO);
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = pool.submit(() -> one.run(() -> {
            hashing.countDown();
            await(release);
            return "done";
        }));
        assertTrue(hashing.await(20, TimeUnit.SECONDS));
        SignInThrottledException busy = assertThrows(SignInThrottledException.class, () -> one.run(() -> "second"));
        assertEquals(SignInThrottledException.Reason.BUSY, busy.getReason());
        assertEquals(1, busy.getRetryAfterSeconds());
        release.countDown();
        assertEquals("done", first.get(20, TimeUnit.SECONDS));
        assertEquals("third", one.run(() -> "third"), "a permit is free again");
    }

    @Test
    void theCountOfFailuresStaysBoundedUnderASprayOfUserNames() {
        FailedSignIns ledger = new FailedSignIns(new FailedSignIns.Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(10), 100));
        for (int i = 0; i < 10_000; i++) {
            ledger.failed("name-" + i, clock.instant());
        }
        assertTrue(ledger.size() <= 100, "at most the configured number of keys, was " + ledger.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class FakeAccounts implements PasswordSignIn.Accounts {
        final Map<String, PasswordSignIn.Account> byName = new ConcurrentHashMap<>();
        final AtomicInteger readsById = new AtomicInteger();

        void add(String name, String password) {
            byName.put(name, new PasswordSignIn.Account(Actor.user("id-" + name, name, Set.of("sales"), Set.of()),
                    secrets.hashPassword(password), true));
        }

        void deactivate(String name) {
            PasswordSignIn.Account a = byName.get(name);
            byName.put(name, new PasswordSignIn.Account(a.actor(), a.passwordHash(), false));
        }

        @Override
        public Optional<PasswordSignIn.Account> byUserName(String userName) {
            return Optional.ofNullable(byName.get(userName));
        }

        @Override
        public Optional<PasswordSignIn.Account> byId(String userId) {
            readsById.incrementAndGet();
            return byName.values().stream().filter(a -> a.actor().userId().equals(userId)).findFirst();
        }
    }
}
