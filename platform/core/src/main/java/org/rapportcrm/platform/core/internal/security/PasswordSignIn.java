package org.rapportcrm.platform.core.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.SignInThrottledException;

/**
 * Checks user names and passwords so that sign-in can be neither guessed at speed nor used to load the server:
 * <ul>
 * <li>failures back off per user name and per client address ({@link FailedSignIns}); a waiting attempt is refused
 * before anything is hashed;</li>
 * <li>an unknown or inactive user costs the same hash as a wrong password, so timing tells nothing;</li>
 * <li>hashes run a bounded number at a time ({@link PasswordHashing});</li>
 * <li>concurrent checks of one credential share one hash, and a success is remembered: HTTP Basic sends the password
 * with every request, and the remembered success is re-confirmed against the stored hash (a cheap read, no hash) every
 * {@code recheckAfter} by one request while the others go on, so no crowd of requests ever hashes at once.</li>
 * </ul>
 */
final class PasswordSignIn {
    /** A user as sign-in needs it; the password hash never leaves the platform. */
    record Account(Actor actor, String passwordHash, boolean active) {
    }

    interface Accounts {
        Optional<Account> byUserName(String userName);

        Optional<Account> byId(String userId);
    }

    record Settings(Duration recheckAfter, Duration maxAge, int maxRemembered) {
    }

    private static final class Remembered {
        final String passwordHash;
        final Instant verifiedAt;
        final AtomicBoolean rechecking = new AtomicBoolean();
        volatile Actor actor;
        volatile Instant checkedAt;

        Remembered(Actor actor, String passwordHash, Instant now) {
            this.actor = actor;
            this.passwordHash = passwordHash;
            this.verifiedAt = now;
            this.checkedAt = now;
        }
    }

    private final Accounts accounts;
    private final Secrets secrets;
    private final PasswordHashing hashing;
    private final FailedSignIns byName;
    private final FailedSignIns byAddress;
    private final Settings settings;
    private final Clock clock;
    /** Hashed against when the user is unknown, so the answer takes as long as for a known one. */
    private final String dummyHash;
    private final SecretKeySpec keySecret;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<Actor>>> inFlight = new ConcurrentHashMap<>();

    PasswordSignIn(Accounts accounts, Secrets secrets, PasswordHashing hashing, FailedSignIns byName, FailedSignIns byAddress,
            Settings settings, Clock clock) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.hashing = hashing;
        this.byName = byName;
        this.byAddress = byAddress;
        this.settings = settings;
        this.clock = clock;
        this.dummyHash = secrets.unusableHash();
        // Cache keys are keyed hashes of name and password: a heap dump holds no plain or fast-to-crack password digests.
        this.keySecret = new SecretKeySpec(Base64.getUrlDecoder().decode(secrets.randomToken()), "HmacSHA256");
    }

    static String normalise(String userName) {
        return userName == null ? "" : userName.trim().toLowerCase(Locale.ROOT);
    }

    Optional<Actor> authenticate(String userName, String password, String clientAddress) {
        String name = normalise(userName);
        if (name.isEmpty() || password == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String key = key(name, password);
        Remembered known = remembered.get(key);
        if (known != null) {
            Optional<Actor> actor = fromMemory(key, known, now);
            if (actor.isPresent()) {
                return actor;
            }
        }
        Duration wait = max(byName.waitFor(name, now), byAddress.waitFor(clientAddress, now));
        if (!wait.isZero()) {
            throw new SignInThrottledException(SignInThrottledException.Reason.TOO_MANY_FAILURES, seconds(wait),
                    "Too many failed sign-ins for this user or from this address; try again in " + seconds(wait) + " s");
        }
        CompletableFuture<Optional<Actor>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Actor>> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // A check of this credential may have finished between the look-up above and claiming the check.
            Remembered meanwhile = remembered.get(key);
            Optional<Actor> result = meanwhile == null ? Optional.empty() : fromMemory(key, meanwhile, now);
            if (result.isEmpty()) {
                result = verify(key, name, password, clientAddress);
            }
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * Checks a password of a known user, as a change of password proves the current one: a wrong one counts as a failed
     * sign-in of that user.
     */
    boolean confirm(Account account, String password, String clientAddress) {
        String name = normalise(account.actor().userName());
        Instant now = clock.instant();
        Duration wait = max(byName.waitFor(name, now), byAddress.waitFor(clientAddress, now));
        if (!wait.isZero()) {
            throw new SignInThrottledException(SignInThrottledException.Reason.TOO_MANY_FAILURES, seconds(wait),
                    "Too many failed attempts for this user; try again in " + seconds(wait) + " s");
        }
        boolean ok = password != null && hashing.run(() -> secrets.verifyPassword(password, account.passwordHash()));
        if (!ok) {
            byName.failed(name, now);
            byAddress.failed(clientAddress, now);
        }
        return ok;
    }

    /** Forgets every remembered success, after a change of passwords, roles or activity. */
    void forgetAll() {
        remembered.clear();
    }

    int remembered() {
        return remembered.size();
    }

    private Optional<Actor> fromMemory(String key, Remembered known, Instant now) {
        if (Duration.between(known.verifiedAt, now).compareTo(settings.maxAge()) > 0) {
            remembered.remove(key, known);
            return Optional.empty();
        }
        if (Duration.between(known.checkedAt, now).compareTo(settings.recheckAfter()) > 0 && known.rechecking.compareAndSet(false, true)) {
            try {
                // One request re-reads the user; the others keep using what it is about to confirm.
                Optional<Account> current = accounts.byId(known.actor.userId())
                        .filter(a -> a.active() && known.passwordHash.equals(a.passwordHash()));
                if (current.isEmpty()) {
                    remembered.remove(key, known);
                    return Optional.empty();
                }
                known.actor = current.get().actor();
                known.checkedAt = now;
            } finally {
                known.rechecking.set(false);
            }
        }
        return Optional.of(known.actor);
    }

    private Optional<Actor> verify(String key, String name, String password, String clientAddress) {
        Optional<Account> account = accounts.byUserName(name);
        String hash = account.map(Account::passwordHash).filter(h -> h != null).orElse(dummyHash);
        boolean matches = hashing.run(() -> secrets.verifyPassword(password, hash));
        Instant now = clock.instant();
        if (!matches || account.isEmpty() || !account.get().active()) {
            byName.failed(name, now);
            byAddress.failed(clientAddress, now);
            return Optional.empty();
        }
        byName.succeeded(name);
        if (remembered.size() >= settings.maxRemembered()) {
            remembered.entrySet().removeIf(e -> Duration.between(e.getValue().verifiedAt, now).compareTo(settings.maxAge()) > 0);
            if (remembered.size() >= settings.maxRemembered()) {
                remembered.clear();
            }
        }
        remembered.put(key, new Remembered(account.get().actor(), hash, now));
        return Optional.of(account.get().actor());
    }

    private static Optional<Actor> await(CompletableFuture<Optional<Actor>> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private String key(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keySecret);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
