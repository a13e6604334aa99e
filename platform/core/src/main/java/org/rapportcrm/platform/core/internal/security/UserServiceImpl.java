package org.rapportcrm.platform.core.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.ApiToken;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.Role;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.Session;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.platform.core.internal.db.ConnectionWait;
import org.rapportcrm.platform.core.internal.cluster.ClusterChannel;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.record.ValueConverter;
import org.rapportcrm.platform.core.internal.security.entity.ApiTokenEntity;
import org.rapportcrm.platform.core.internal.security.entity.SessionEntity;
import org.rapportcrm.platform.core.internal.security.entity.TeamEntity;
import org.rapportcrm.platform.core.internal.security.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, teams, credentials and sessions, stored by the platform. Sessions and tokens are read from the database on
 * every request, so every node of a cluster sees them at once; the only thing kept in memory, recent Basic sign-ins,
 * is forgotten on every node when a user or password changes on any.
 */
@Component(service = {UserService.class, HealthCheck.class, UserServiceImpl.class}, configurationPid = UserServiceImpl.PID)
@Designate(ocd = UserServiceImpl.Config.class)
public class UserServiceImpl implements UserService, HealthCheck {
    public static final String PID = "org.rapportcrm.security";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD_VARIABLE = "RAPPORT_ADMIN_PASSWORD";
    private static final Logger LOG = LoggerFactory.getLogger(UserServiceImpl.class);
    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,99}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 200;
    /** Notices that a user's roles, teams, state or password changed; the payload is the user's id. */
    static final String TOPIC = "rapport.users";

    @ObjectClassDefinition(name = "Rapport security", description = "Sign-in and session settings")
    public @interface Config {
        @AttributeDefinition(name = "Initial admin password", description = "Sets the password of the first administrator "
                + "('admin') on first start; the environment variable RAPPORT_ADMIN_PASSWORD does the same. Ignored once an "
                + "administrator exists.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String initialAdminPassword() default "";

        @AttributeDefinition(name = "Session lifetime (minutes)")
        int sessionMinutes() default 720;

        @AttributeDefinition(name = "Concurrent password checks", description = "Password hashes that may run at once (each "
                + "takes tens of milliseconds of CPU); 0 for the number of processors. A sign-in beyond it waits at most "
                + "'Wait for a password check' and is then answered 503 with Retry-After.")
        int concurrentPasswordChecks() default 0;

        @AttributeDefinition(name = "Wait for a password check (milliseconds)")
        int passwordCheckWaitMillis() default 250;

        @AttributeDefinition(name = "Free failed sign-ins per user name", description = "Failures before each further one "
                + "makes the user name wait: 1 s, doubling up to the longest back-off (answered 429 with Retry-After)")
        int freeFailuresPerUser() default 5;

        @AttributeDefinition(name = "Free failed sign-ins per client address", description = "The same per client address. "
                + "Behind a reverse proxy, let Jetty take the client address from X-Forwarded-For (ForwardedRequestCustomizer "
                + "in etc/jetty.xml), or every client shares the proxy's address.")
        int freeFailuresPerAddress() default 20;

        @AttributeDefinition(name = "Longest sign-in back-off (seconds)")
        int maxBackoffSeconds() default 900;

        @AttributeDefinition(name = "Re-check a remembered HTTP Basic sign-in after (seconds)", description = "A password "
                + "once verified is remembered; after this long one request re-reads the user (active, same password) "
                + "without hashing again, while the others go on")
        int basicRecheckSeconds() default 60;
    }

    private static final int MAX_REMEMBERED_SIGN_INS = 10_000;
    private static final int MAX_COUNTED_KEYS = 50_000;

    private final EntityManagerFactory emf;
    private final Database database;
    private final AccessPolicy policy;
    /** Why the first administrator could not be created from the configuration, or null. */
    private volatile String setUpProblem;
    private final Secrets secrets = new Secrets();
    private final Duration sessionLifetime;
    private final PasswordHashing hashing;
    private final PasswordSignIn signIn;
    private final ClusterChannel cluster;
    private final ClusterChangeListener otherNodes;

    @Activate
    public UserServiceImpl(@Reference Database database, @Reference ClusterChannel cluster,
            @Reference(target = "(osgi.unit.name=rapport)") EntityManagerFactory emf, @Reference AccessPolicy policy, Config config) {
        // The database reference orders start-up: its migrations create the tables these entities map.
        this.emf = emf;
        this.database = database;
        this.policy = policy;
        this.cluster = cluster;
        this.sessionLifetime = Duration.ofMinutes(config.sessionMinutes());
        int concurrent = config.concurrentPasswordChecks() > 0 ? config.concurrentPasswordChecks() : Runtime.getRuntime().availableProcessors();
        this.hashing = new PasswordHashing(concurrent, Duration.ofMillis(Math.max(0, config.passwordCheckWaitMillis())));
        Duration maxBackoff = Duration.ofSeconds(Math.max(1, config.maxBackoffSeconds()));
        Duration forget = maxBackoff.multipliedBy(2);
        this.signIn = new PasswordSignIn(new StoredAccounts(), secrets, hashing,
                new FailedSignIns(new FailedSignIns.Policy(config.freeFailuresPerUser(), Duration.ofSeconds(1), maxBackoff, forget, MAX_COUNTED_KEYS)),
                new FailedSignIns(new FailedSignIns.Policy(config.freeFailuresPerAddress(), Duration.ofSeconds(1), maxBackoff, forget, MAX_COUNTED_KEYS)),
                new PasswordSignIn.Settings(Duration.ofSeconds(Math.max(1, config.basicRecheckSeconds())), Duration.ofHours(8),
                        MAX_REMEMBERED_SIGN_INS), Clock.systemUTC());
        this.otherNodes = cluster.listen(TOPIC, userId -> signIn.forgetAll(), signIn::forgetAll);
        String initial = System.getenv(ADMIN_PASSWORD_VARIABLE);
        if (initial == null || initial.isEmpty()) {
            initial = config.initialAdminPassword();
        }
        if (!initial.isEmpty() && !isSetUp()) {
            List<FieldError> problems = new ArrayList<>();
            checkPassword(initial, problems);
            if (!problems.isEmpty()) {
                // Health reports it as the reason Rapport is not ready; the log says it once, plainly.
                setUpProblem = ADMIN_PASSWORD_VARIABLE + " (or initialAdminPassword in etc/" + PID + ".cfg) "
                        + problems.get(0).message() + ": set another and restart Rapport, or set the administrator's password "
                        + "on the console's setup page from the machine Rapport runs on";
                LOG.error(setUpProblem);
                return;
            }
            try {
                setUpAdmin(initial);
                LOG.info("Created the administrator '{}' with the initial password from the environment or configuration", ADMIN_USER);
            } catch (AccessDeniedException e) {
                LOG.info("Another node created the administrator '{}' meanwhile", ADMIN_USER);
            }
        }
    }

    @Override
    public Optional<Actor> authenticate(String userName, String password) {
        return authenticate(userName, password, null);
    }

    @Override
    public Optional<Actor> authenticate(String userName, String password, String clientAddress) {
        return signIn.authenticate(userName, password, clientAddress);
    }

    /** Users as sign-in reads them, one short read each: no entity manager stays open while a password is hashed. */
    private final class StoredAccounts implements PasswordSignIn.Accounts {
        @Override
        public Optional<PasswordSignIn.Account> byUserName(String userName) {
            return read(em -> em.createQuery("SELECT u FROM UserEntity u WHERE u.userName = :name", UserEntity.class)
                    .setParameter("name", userName).getResultStream().findFirst().map(UserServiceImpl::account));
        }

        @Override
        public Optional<PasswordSignIn.Account> byId(String userId) {
            return read(em -> Optional.ofNullable(em.find(UserEntity.class, userId)).map(UserServiceImpl::account));
        }
    }

    private static PasswordSignIn.Account account(UserEntity u) {
        return new PasswordSignIn.Account(actor(u), u.passwordHash, u.active);
    }

    @Override
    public Optional<Actor> authenticateToken(String token) {
        // Tokens look like rpt_<id>.<secret>: the id finds the row, the secret is compared by hash.
        if (token == null || !token.startsWith("rpt_") || token.indexOf('.') < 0) {
            return Optional.empty();
        }
        String id = token.substring(4, token.indexOf('.'));
        byte[] secretHash = Secrets.sha256(token.substring(token.indexOf('.') + 1)).getBytes(StandardCharsets.UTF_8);
        return read(em -> Optional.ofNullable(em.find(ApiTokenEntity.class, id))
                .filter(t -> MessageDigest.isEqual(t.tokenHash.getBytes(StandardCharsets.UTF_8), secretHash))
                .map(t -> em.find(UserEntity.class, t.userId)).filter(u -> u.active).map(UserServiceImpl::actor));
    }

    @Override
    public Session openSession(Actor actor) {
        if (verified(actor).isSystem()) {
            throw new AccessDeniedException("Sessions belong to users");
        }
        SessionEntity s = new SessionEntity();
        String id = secrets.randomToken();
        s.idHash = Secrets.sha256(id);
        s.userId = actor.userId();
        s.csrfToken = secrets.randomToken();
        s.createdAt = Instant.now();
        s.expiresAt = s.createdAt.plus(sessionLifetime);
        inTransaction(em -> {
            em.createQuery("DELETE FROM SessionEntity s WHERE s.expiresAt < :now").setParameter("now", s.createdAt).executeUpdate();
            em.persist(s);
            return null;
        });
        return new Session(id, s.csrfToken, actor, s.expiresAt);
    }

    @Override
    public Optional<Session> session(String sessionId) {
        return read(em -> Optional.ofNullable(em.find(SessionEntity.class, Secrets.sha256(sessionId)))
                .filter(s -> s.expiresAt.isAfter(Instant.now()))
                .flatMap(s -> Optional.ofNullable(em.find(UserEntity.class, s.userId)).filter(u -> u.active)
                        .map(u -> new Session(sessionId, s.csrfToken, actor(u), s.expiresAt))));
    }

    @Override
    public void closeSession(String sessionId) {
        inTransaction(em -> em.createQuery("DELETE FROM SessionEntity s WHERE s.idHash = :id")
                .setParameter("id", Secrets.sha256(sessionId)).executeUpdate());
    }

    @Override
    public String createApiToken(Actor actor, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ValidationException("name", "required", "a token needs a name of 1 to 100 characters");
        }
        if (verified(actor).isSystem()) {
            throw new AccessDeniedException("API tokens belong to users");
        }
        ApiTokenEntity t = new ApiTokenEntity();
        t.id = UUID.randomUUID().toString().replace("-", "");
        String secret = secrets.randomToken();
        t.userId = actor.userId();
        t.name = name.trim();
        t.tokenHash = Secrets.sha256(secret);
        t.createdAt = Instant.now();
        inTransaction(em -> {
            em.persist(t);
            return null;
        });
        return "rpt_" + t.id + "." + secret;
    }

    @Override
    public List<ApiToken> apiTokens(Actor actor) {
        requireSignedIn(actor);
        return read(em -> em.createQuery("SELECT t FROM ApiTokenEntity t WHERE t.userId = :user ORDER BY t.createdAt", ApiTokenEntity.class)
                .setParameter("user", actor.userId()).getResultList().stream().map(t -> new ApiToken(t.id, t.name, t.createdAt)).toList());
    }

    @Override
    public void revokeApiToken(Actor actor, String tokenId) {
        requireSignedIn(actor);
        inTransaction(em -> {
            ApiTokenEntity t = em.find(ApiTokenEntity.class, tokenId);
            if (t == null || !(actor.isAdmin() || t.userId.equals(actor.userId()))) {
                throw new RecordNotFoundException("apiToken", tokenId);
            }
            em.remove(t);
            return null;
        });
    }

    @Override
    public List<User> users(Actor actor) {
        requireSignedIn(actor);
        if (actor.isExternal()) {
            return user(actor, actor.userId()).stream().toList(); // a portal user knows only themself
        }
        return read(em -> em.createQuery("SELECT u FROM UserEntity u ORDER BY u.userName", UserEntity.class).getResultList()
                .stream().map(UserServiceImpl::user).toList());
    }

    @Override
    public Optional<User> user(Actor actor, String id) {
        requireSignedIn(actor);
        if (actor.isExternal() && !actor.userId().equals(id)) {
            return Optional.empty();
        }
        return read(em -> Optional.ofNullable(em.find(UserEntity.class, id)).map(UserServiceImpl::user));
    }

    @Override
    public User createUser(Actor actor, NewUser u) {
        requireAdmin(actor);
        List<FieldError> errors = new ArrayList<>();
        String userName = u.userName() == null ? "" : u.userName().trim().toLowerCase(Locale.ROOT);
        if (!USER_NAME.matcher(userName).matches()) {
            errors.add(new FieldError("userName", "format", "must be 2 to 100 lower-case letters, digits or . _ @ -"));
        }
        checkPassword(u.password(), errors);
        validateProfile(u.displayName(), u.email(), u.roles(), u.accountId() != null, errors);
        if (u.contactId() != null && (u.accountId() == null || !contactOfAccount(u.contactId(), u.accountId()))) {
            errors.add(new FieldError("contactId", "reference", "no contact with id " + u.contactId() + " in the user's account"));
        }
        if (u.accountId() != null) {
            if (!accountExists(u.accountId())) {
                errors.add(new FieldError("accountId", "reference", "no account with id " + u.accountId()));
            }
            if (u.teamIds() != null && !u.teamIds().isEmpty()) {
                errors.add(new FieldError("teamIds", "external", "an external user belongs to an account, not to teams"));
            }
        }
        ValidationException.throwIfAny(errors);
        UserEntity e = new UserEntity();
        e.id = UUID.randomUUID().toString();
        e.userName = userName;
        e.displayName = u.displayName().trim();
        e.email = blankToNull(u.email());
        e.passwordHash = hashing.runForChange(() -> secrets.hashPassword(u.password()));
        e.active = true;
        e.createdAt = Instant.now();
        e.roles = new HashSet<>(u.roles());
        e.accountId = u.accountId();
        e.contactId = u.contactId();
        return inTransaction(em -> {
            if (!em.createQuery("SELECT u.id FROM UserEntity u WHERE u.userName = :name").setParameter("name", userName)
                    .getResultList().isEmpty()) {
                throw new ValidationException("userName", "unique", "the user name '" + userName + "' is taken");
            }
            e.teamIds = existingTeams(em, u.teamIds() == null ? Set.of() : u.teamIds());
            em.persist(e);
            return user(e);
        });
    }

    @Override
    public User updateUser(Actor actor, String id, String displayName, String email, Boolean active, Set<String> roles, Set<String> teamIds) {
        requireAdmin(actor);
        User updated = inTransaction(em -> {
            UserEntity e = em.find(UserEntity.class, id);
            if (e == null) {
                throw new RecordNotFoundException("user", id);
            }
            List<FieldError> errors = new ArrayList<>();
            validateProfile(displayName == null ? e.displayName : displayName, email, roles == null ? e.roles : roles, e.accountId != null, errors);
            if (e.accountId != null && teamIds != null && !teamIds.isEmpty()) {
                errors.add(new FieldError("teamIds", "external", "an external user belongs to an account, not to teams"));
            }
            if (Boolean.FALSE.equals(active) && actor.userId().equals(id)) {
                errors.add(new FieldError("active", "self", "you cannot deactivate your own account"));
            }
            ValidationException.throwIfAny(errors);
            if (displayName != null) {
                e.displayName = displayName.trim();
            }
            if (email != null) {
                e.email = blankToNull(email);
            }
            if (active != null) {
                e.active = active;
            }
            if (roles != null) {
                e.roles = new HashSet<>(roles);
            }
            if (teamIds != null) {
                e.teamIds = existingTeams(em, teamIds);
            }
            changed(id);
            return user(e);
        });
        return updated;
    }

    @Override
    public void setPassword(Actor actor, String userId, String newPassword) {
        if (!actor.isSystem() && actor.userId().equals(userId)) {
            throw new ValidationException("currentPassword", "required", "give your current password to change it");
        }
        if (!verified(actor).isAdmin()) {
            throw new AccessDeniedException("Only administrators may set another user's password");
        }
        replacePassword(userId, newPassword, null);
    }

    @Override
    public void changePassword(Actor actor, String currentPassword, String newPassword, String keepSessionId) {
        if (verified(actor).isSystem()) {
            throw new AccessDeniedException("The system has no password");
        }
        PasswordSignIn.Account account = new StoredAccounts().byId(actor.userId()).filter(PasswordSignIn.Account::active)
                .orElseThrow(() -> new AccessDeniedException(actor.userName() + " is no longer an active user"));
        requireValidPassword(newPassword);
        if (!signIn.confirm(account, currentPassword, null)) {
            throw new ValidationException("currentPassword", "mismatch", "is not your current password");
        }
        replacePassword(actor.userId(), newPassword, keepSessionId);
    }

    /** A new password ends the user's sessions (but {@code keepSessionId}) and revokes their tokens, all or nothing. */
    private void replacePassword(String userId, String newPassword, String keepSessionId) {
        requireValidPassword(newPassword);
        String hash = hashing.runForChange(() -> secrets.hashPassword(newPassword));
        String keep = keepSessionId == null ? "" : Secrets.sha256(keepSessionId);
        inTransaction(em -> {
            UserEntity e = em.find(UserEntity.class, userId);
            if (e == null) {
                throw new RecordNotFoundException("user", userId);
            }
            e.passwordHash = hash;
            em.createQuery("DELETE FROM SessionEntity s WHERE s.userId = :user AND s.idHash <> :keep")
                    .setParameter("user", userId).setParameter("keep", keep).executeUpdate();
            em.createQuery("DELETE FROM ApiTokenEntity t WHERE t.userId = :user").setParameter("user", userId).executeUpdate();
            changed(userId);
            return null;
        });
        LOG.info("The password of user {} was changed; their other sessions ended and their API tokens were revoked", userId);
    }

    @Deactivate
    void deactivate() {
        cluster.removeListener(otherNodes);
    }

    /**
     * Called in the transaction that changes the user: once it commits, the user's remembered Basic sign-ins no longer
     * count, here and on every other node (the notice goes out with the commit, never for a change rolled back).
     */
    private void changed(String userId) {
        cluster.publish(TOPIC, userId);
        database.afterCommit(signIn::forgetAll);
    }

    @Override
    public List<Role> roles() {
        return policy.roles(Actor.system()).stream().map(RoleDefinition::asRole).toList();
    }

    @Override
    public List<Team> teams(Actor actor) {
        requireSignedIn(actor);
        if (actor.isExternal()) {
            return List.of();
        }
        return read(em -> {
            Map<String, Set<String>> members = new HashMap<>();
            for (UserEntity u : em.createQuery("SELECT u FROM UserEntity u", UserEntity.class).getResultList()) {
                u.teamIds.forEach(t -> members.computeIfAbsent(t, k -> new HashSet<>()).add(u.id));
            }
            return em.createQuery("SELECT t FROM TeamEntity t ORDER BY t.name", TeamEntity.class).getResultList().stream()
                    .map(t -> new Team(t.id, t.name, Set.copyOf(members.getOrDefault(t.id, Set.of())))).toList();
        });
    }

    @Override
    public Team createTeam(Actor actor, String name) {
        requireAdmin(actor);
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ValidationException("name", "required", "a team needs a name of 1 to 100 characters");
        }
        TeamEntity t = new TeamEntity();
        t.id = UUID.randomUUID().toString();
        t.name = name.trim();
        inTransaction(em -> {
            if (!em.createQuery("SELECT t.id FROM TeamEntity t WHERE t.name = :name").setParameter("name", t.name).getResultList().isEmpty()) {
                throw new ValidationException("name", "unique", "a team named '" + t.name + "' exists");
            }
            em.persist(t);
            return null;
        });
        return new Team(t.id, t.name, Set.of());
    }

    @Override
    public String name() {
        return "security";
    }

    /** Down while the configured first administrator could not be created and nobody has set one up since. */
    @Override
    public HealthStatus check() {
        String problem = setUpProblem;
        if (problem != null && !isSetUp()) {
            return HealthStatus.down(problem);
        }
        setUpProblem = null;
        return HealthStatus.up("sign-in works");
    }

    @Override
    public boolean isSetUp() {
        return read(em -> !em.createQuery("SELECT u.id FROM UserEntity u JOIN u.roles r WHERE r = :admin")
                .setParameter("admin", Role.ADMIN).setMaxResults(1).getResultList().isEmpty());
    }

    @Override
    public synchronized User setUpAdmin(String password) {
        return database.inTransaction(c -> {
            // Nodes starting together on an empty database: one creates the administrator, the others then find it.
            database.dialect().lockAcrossNodes(c, "rapport.setup");
            if (isSetUp()) {
                throw new AccessDeniedException("Rapport is already set up: an administrator exists");
            }
            return createUser(Actor.system(), new NewUser(ADMIN_USER, "Administrator", null, password, Set.of(Role.ADMIN), Set.of()));
        });
    }

    @Override
    public User linkContact(Actor actor, String userId, String contactId) {
        requireAdmin(actor);
        return inTransaction(em -> {
            UserEntity e = em.find(UserEntity.class, userId);
            if (e == null) {
                throw new RecordNotFoundException("user", userId);
            }
            if (e.accountId == null || !contactOfAccount(contactId, e.accountId)) {
                throw new ValidationException("contactId", "reference", "no contact with id " + contactId + " in the user's account");
            }
            e.contactId = contactId;
            changed(userId);
            return user(e);
        });
    }

    /** The external principal invited as this contact, if there is one. */
    Optional<User> userOfContact(String contactId) {
        return read(em -> em.createQuery("SELECT u FROM UserEntity u WHERE u.contactId = :contact", UserEntity.class)
                .setParameter("contact", contactId).setMaxResults(1).getResultList().stream().findFirst().map(UserServiceImpl::user));
    }

    /** The user who signs in with this (normalised) user name, if there is one. */
    Optional<User> userNamed(String userName) {
        return read(em -> em.createQuery("SELECT u FROM UserEntity u WHERE u.userName = :name", UserEntity.class)
                .setParameter("name", userName).setMaxResults(1).getResultList().stream().findFirst().map(UserServiceImpl::user));
    }

    static boolean isValidUserName(String userName) {
        return USER_NAME.matcher(userName).matches();
    }

    private boolean contactOfAccount(String contactId, String accountId) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + Names.table("contact") + " WHERE id = ? AND "
                    + Names.column("account") + " = ?")) {
                ps.setString(1, contactId);
                ps.setString(2, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private boolean accountExists(String accountId) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + Names.table("account") + " WHERE id = ?")) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static Set<String> existingTeams(EntityManager em, Set<String> teamIds) {
        for (String team : teamIds) {
            if (em.find(TeamEntity.class, team) == null) {
                throw new ValidationException("teamIds", "reference", "no team with id " + team);
            }
        }
        return new HashSet<>(teamIds);
    }

    private static Actor actor(UserEntity u) {
        return Actor.of(user(u));
    }

    private static User user(UserEntity u) {
        return new User(u.id, u.userName, u.displayName, u.email, u.active, Set.copyOf(u.roles), Set.copyOf(u.teamIds), u.createdAt,
                u.accountId, u.contactId);
    }

    /**
     * Entity work in the platform's transaction, joining the caller's if there is one (the entities' DataSource is
     * {@link org.rapportcrm.platform.core.internal.db.TransactionalDataSource}): a user changes together with the records,
     * audit and notices written beside it, or not at all.
     */
    private <T> T inTransaction(Function<EntityManager, T> work) {
        try {
            return database.inTransaction(c -> {
                EntityManager em = emf.createEntityManager();
                try {
                    em.getTransaction().begin();
                    T result = work.apply(em);
                    em.getTransaction().commit(); // writes on the platform's connection; the platform commits or rolls back
                    return result;
                } finally {
                    if (em.getTransaction().isActive()) {
                        em.getTransaction().rollback();
                    }
                    em.close();
                }
            });
        } catch (RuntimeException e) {
            throw busyOr(e);
        }
    }

    private <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } catch (RuntimeException e) {
            throw busyOr(e);
        } finally {
            em.close();
        }
    }

    /**
     * No connection in time (EclipseLink reports it as its own or a JPA exception) is the platform being busy, as for
     * record calls; anything else stays what it was.
     */
    private static RuntimeException busyOr(RuntimeException e) {
        Optional<BusyException> busy = ConnectionWait.timedOut(e);
        return busy.isPresent() ? busy.get() : e;
    }

    private void validateProfile(String displayName, String email, Set<String> roles, boolean external, List<FieldError> errors) {
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            errors.add(new FieldError("displayName", "required", "must be 1 to 200 characters"));
        }
        if (email != null && !email.isBlank() && !ValueConverter.isEmail(email.trim())) {
            errors.add(new FieldError("email", "format", "must be an email address such as name@example.com"));
        }
        if (roles == null || roles.isEmpty() || roles.stream().anyMatch(r -> !policy.exists(r))) {
            errors.add(new FieldError("roles", "unknown", "must name one or more of "
                    + policy.roles(Actor.system()).stream().map(RoleDefinition::name).toList()));
        } else if (external && roles.contains(Role.ADMIN)) {
            errors.add(new FieldError("roles", "external", "an external user cannot be an administrator"));
        }
    }

    private static void checkPassword(String password, List<FieldError> errors) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            errors.add(new FieldError("password", "length", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        }
    }

    private static void requireValidPassword(String password) {
        List<FieldError> errors = new ArrayList<>();
        checkPassword(password, errors);
        ValidationException.throwIfAny(errors);
    }

    private void requireSignedIn(Actor actor) {
        verified(actor);
    }

    /**
     * The actor as the database knows them now. Actors are values any bundle can make: one naming no active user, or
     * claiming roles or an account its user does not have, is refused rather than trusted.
     */
    private Actor verified(Actor actor) {
        if (actor == null) {
            throw new AccessDeniedException("Sign in first");
        }
        if (actor.isSystem()) {
            return actor;
        }
        Actor current = read(em -> Optional.ofNullable(em.find(UserEntity.class, actor.userId())).filter(u -> u.active)
                .map(UserServiceImpl::actor)).orElseThrow(() -> new AccessDeniedException(actor.userName() + " is not an active user"));
        if (!current.roles().containsAll(actor.roles()) || !Objects.equals(current.accountId(), actor.accountId())) {
            throw new AccessDeniedException(actor.userName() + " does not have the roles or account this call claims");
        }
        return current;
    }

    private void requireAdmin(Actor actor) {
        if (!verified(actor).isAdmin()) {
            throw new AccessDeniedException("Only administrators may manage users and teams");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
