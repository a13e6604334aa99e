package org.rapportcrm.platform.core.internal.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.Role;
import org.rapportcrm.platform.api.security.Session;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.platform.core.internal.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Users, teams, credentials and sessions, stored by the platform. */
@Component(service = UserService.class, configurationPid = UserServiceImpl.PID)
@Designate(ocd = UserServiceImpl.Config.class)
public class UserServiceImpl implements UserService {
    public static final String PID = "org.rapportcrm.security";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD_VARIABLE = "RAPPORT_ADMIN_PASSWORD";
    private static final Logger LOG = LoggerFactory.getLogger(UserServiceImpl.class);
    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,99}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 200;
    private static final Duration VERIFIED_PASSWORD_TTL = Duration.ofSeconds(60);

    @ObjectClassDefinition(name = "Rapport security", description = "Sign-in and session settings")
    public @interface Config {
        @AttributeDefinition(name = "Initial admin password", description = "Sets the password of the first administrator "
                + "('admin') on first start; the environment variable RAPPORT_ADMIN_PASSWORD does the same. Ignored once an "
                + "administrator exists.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String initialAdminPassword() default "";

        @AttributeDefinition(name = "Session lifetime (minutes)")
        int sessionMinutes() default 720;
    }

    private record Verified(Actor actor, Instant until) {
    }

    private final Database database;
    private final Secrets secrets = new Secrets();
    private final Duration sessionLifetime;
    /** Basic auth sends the password with every request; a slow hash per request would cap throughput, so a recent check is reused. */
    private final Map<String, Verified> recentlyVerified = new ConcurrentHashMap<>();

    @Activate
    public UserServiceImpl(@Reference Database database, Config config) {
        this.database = database;
        this.sessionLifetime = Duration.ofMinutes(config.sessionMinutes());
        String initial = System.getenv(ADMIN_PASSWORD_VARIABLE);
        if (initial == null || initial.isEmpty()) {
            initial = config.initialAdminPassword();
        }
        if (!initial.isEmpty() && !isSetUp()) {
            setUpAdmin(initial);
            LOG.info("Created the administrator '{}' with the initial password from the environment or configuration", ADMIN_USER);
        }
    }

    @Override
    public Optional<Actor> authenticate(String userName, String password) {
        String key = Secrets.sha256(userName + "\u0000" + password);
        Verified v = recentlyVerified.get(key);
        if (v != null && v.until().isAfter(Instant.now())) {
            return Optional.of(v.actor());
        }
        Optional<Actor> actor = database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, password_hash FROM rapport_user WHERE user_name = ? AND active = ?")) {
                ps.setString(1, userName);
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && secrets.verifyPassword(password, rs.getString("password_hash"))) {
                        return Optional.of(actor(c, rs.getString("id")));
                    }
                }
            }
            return Optional.<Actor>empty();
        });
        actor.ifPresent(a -> recentlyVerified.put(key, new Verified(a, Instant.now().plus(VERIFIED_PASSWORD_TTL))));
        return actor;
    }

    @Override
    public Optional<Actor> authenticateToken(String token) {
        // Tokens look like rpt_<id>.<secret>: the id finds the row, the secret is compared by hash.
        if (token == null || !token.startsWith("rpt_") || token.indexOf('.') < 0) {
            return Optional.empty();
        }
        String id = token.substring(4, token.indexOf('.'));
        String secretHash = Secrets.sha256(token.substring(token.indexOf('.') + 1));
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.user_id, t.token_hash FROM rapport_api_token t JOIN rapport_user u "
                    + "ON u.id = t.user_id WHERE t.id = ? AND u.active = ?")) {
                ps.setString(1, id);
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && java.security.MessageDigest.isEqual(rs.getString("token_hash").getBytes(), secretHash.getBytes())) {
                        return Optional.of(actor(c, rs.getString("user_id")));
                    }
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public Session openSession(Actor actor) {
        String id = secrets.randomToken();
        String csrf = secrets.randomToken();
        Instant expires = Instant.now().plus(sessionLifetime);
        database.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM rapport_session WHERE expires_at < ?")) {
                del.setTimestamp(1, Timestamp.from(Instant.now()));
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_session (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, Secrets.sha256(id));
                ps.setString(2, actor.userId());
                ps.setString(3, csrf);
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.setTimestamp(5, Timestamp.from(expires));
                ps.executeUpdate();
            }
            return null;
        });
        return new Session(id, csrf, actor, expires);
    }

    @Override
    public Optional<Session> session(String sessionId) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.user_id, s.csrf_token, s.expires_at FROM rapport_session s "
                    + "JOIN rapport_user u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ? AND u.active = ?")) {
                ps.setString(1, Secrets.sha256(sessionId));
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.setBoolean(3, true);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new Session(sessionId, rs.getString("csrf_token"), actor(c, rs.getString("user_id")),
                                rs.getTimestamp("expires_at").toInstant()));
                    }
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public void closeSession(String sessionId) {
        database.inTransaction(c -> update(c, "DELETE FROM rapport_session WHERE id_hash = ?", Secrets.sha256(sessionId)));
    }

    @Override
    public String createApiToken(Actor actor, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ValidationException("name", "required", "a token needs a name of 1 to 100 characters");
        }
        if (actor.isSystem()) {
            throw new AccessDeniedException("API tokens belong to users");
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        String secret = secrets.randomToken();
        database.inTransaction(c -> update(c, "INSERT INTO rapport_api_token (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                id, actor.userId(), name.trim(), Secrets.sha256(secret), Timestamp.from(Instant.now())));
        return "rpt_" + id + "." + secret;
    }

    @Override
    public List<User> users(Actor actor) {
        return database.read(c -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rapport_user ORDER BY user_name");
                    ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                for (String id : ids) {
                    users.add(loadUser(c, id).orElseThrow());
                }
            }
            return users;
        });
    }

    @Override
    public Optional<User> user(Actor actor, String id) {
        return database.read(c -> loadUser(c, id));
    }

    @Override
    public User createUser(Actor actor, NewUser u) {
        requireAdmin(actor);
        List<FieldError> errors = new ArrayList<>();
        String userName = u.userName() == null ? "" : u.userName().trim().toLowerCase(java.util.Locale.ROOT);
        if (!USER_NAME.matcher(userName).matches()) {
            errors.add(new FieldError("userName", "format", "must be 2 to 100 lower-case letters, digits or . _ @ -"));
        }
        checkPassword(u.password(), errors);
        validateProfile(u.displayName(), u.email(), u.roles(), errors);
        throwIfAny(errors);
        String id = UUID.randomUUID().toString();
        database.inTransaction(c -> {
            if (exists(c, "SELECT 1 FROM rapport_user WHERE user_name = ?", userName)) {
                throw new ValidationException("userName", "unique", "the user name '" + userName + "' is taken");
            }
            update(c, "INSERT INTO rapport_user (id, user_name, display_name, email, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    id, userName, u.displayName().trim(), blankToNull(u.email()), secrets.hashPassword(u.password()), true,
                    Timestamp.from(Instant.now()));
            writeMemberships(c, id, u.roles(), u.teamIds() == null ? Set.of() : u.teamIds());
            return null;
        });
        return database.read(c -> loadUser(c, id)).orElseThrow();
    }

    @Override
    public User updateUser(Actor actor, String id, String displayName, String email, Boolean active, Set<String> roles, Set<String> teamIds) {
        requireAdmin(actor);
        User current = user(actor, id).orElseThrow(() -> new RecordNotFoundException("user", id));
        List<FieldError> errors = new ArrayList<>();
        validateProfile(displayName == null ? current.displayName() : displayName, email, roles == null ? current.roles() : roles, errors);
        if (Boolean.FALSE.equals(active) && current.userName().equals(ADMIN_USER) && actor.userId().equals(id)) {
            errors.add(new FieldError("active", "self", "you cannot deactivate your own administrator account"));
        }
        throwIfAny(errors);
        database.inTransaction(c -> {
            update(c, "UPDATE rapport_user SET display_name = ?, email = ?, active = ? WHERE id = ?",
                    displayName == null ? current.displayName() : displayName.trim(),
                    email == null ? current.email() : blankToNull(email), active == null ? current.active() : active, id);
            writeMemberships(c, id, roles == null ? current.roles() : roles, teamIds == null ? current.teamIds() : teamIds);
            return null;
        });
        recentlyVerified.clear();
        return user(actor, id).orElseThrow();
    }

    @Override
    public void setPassword(Actor actor, String userId, String newPassword) {
        if (!actor.isAdmin() && !actor.userId().equals(userId)) {
            throw new AccessDeniedException("Only administrators may set another user's password");
        }
        List<FieldError> errors = new ArrayList<>();
        checkPassword(newPassword, errors);
        throwIfAny(errors);
        int rows = database.inTransaction(c -> update(c, "UPDATE rapport_user SET password_hash = ? WHERE id = ?",
                secrets.hashPassword(newPassword), userId));
        if (rows == 0) {
            throw new RecordNotFoundException("user", userId);
        }
        recentlyVerified.clear();
    }

    @Override
    public List<Role> roles() {
        return BuiltInRoles.ALL_ROLES;
    }

    @Override
    public List<Team> teams(Actor actor) {
        return database.read(c -> {
            Map<String, Team> teams = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM rapport_team ORDER BY name"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    teams.put(rs.getString(1), new Team(rs.getString(1), rs.getString(2), new HashSet<>()));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT team_id, user_id FROM rapport_team_member"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Team t = teams.get(rs.getString(1));
                    if (t != null) {
                        t.memberIds().add(rs.getString(2));
                    }
                }
            }
            return teams.values().stream().map(t -> new Team(t.id(), t.name(), Set.copyOf(t.memberIds()))).toList();
        });
    }

    @Override
    public Team createTeam(Actor actor, String name) {
        requireAdmin(actor);
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ValidationException("name", "required", "a team needs a name of 1 to 100 characters");
        }
        String id = UUID.randomUUID().toString();
        database.inTransaction(c -> {
            if (exists(c, "SELECT 1 FROM rapport_team WHERE name = ?", name.trim())) {
                throw new ValidationException("name", "unique", "a team named '" + name.trim() + "' exists");
            }
            return update(c, "INSERT INTO rapport_team (id, name) VALUES (?, ?)", id, name.trim());
        });
        return new Team(id, name.trim(), Set.of());
    }

    @Override
    public boolean isSetUp() {
        return database.read(c -> exists(c, "SELECT 1 FROM rapport_user_role WHERE role_name = ?", Role.ADMIN));
    }

    @Override
    public synchronized User setUpAdmin(String password) {
        if (isSetUp()) {
            throw new AccessDeniedException("Rapport is already set up: an administrator exists");
        }
        return createUser(Actor.system(), new NewUser(ADMIN_USER, "Administrator", null, password, Set.of(Role.ADMIN), Set.of()));
    }

    private Actor actor(Connection c, String userId) throws SQLException {
        User u = loadUser(c, userId).orElseThrow();
        return Actor.user(u.id(), u.userName(), u.roles(), u.teamIds());
    }

    private Optional<User> loadUser(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_user WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new User(id, rs.getString("user_name"), rs.getString("display_name"), rs.getString("email"),
                        rs.getBoolean("active"), strings(c, "SELECT role_name FROM rapport_user_role WHERE user_id = ?", id),
                        strings(c, "SELECT team_id FROM rapport_team_member WHERE user_id = ?", id),
                        rs.getTimestamp("created_at").toInstant()));
            }
        }
    }

    private void writeMemberships(Connection c, String userId, Set<String> roles, Set<String> teamIds) throws SQLException {
        update(c, "DELETE FROM rapport_user_role WHERE user_id = ?", userId);
        for (String role : roles) {
            update(c, "INSERT INTO rapport_user_role (user_id, role_name) VALUES (?, ?)", userId, role);
        }
        update(c, "DELETE FROM rapport_team_member WHERE user_id = ?", userId);
        for (String team : teamIds) {
            if (!exists(c, "SELECT 1 FROM rapport_team WHERE id = ?", team)) {
                throw new ValidationException("teamIds", "reference", "no team with id " + team);
            }
            update(c, "INSERT INTO rapport_team_member (team_id, user_id) VALUES (?, ?)", team, userId);
        }
    }

    private static void validateProfile(String displayName, String email, Set<String> roles, List<FieldError> errors) {
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            errors.add(new FieldError("displayName", "required", "must be 1 to 200 characters"));
        }
        if (email != null && !email.isBlank() && !email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
            errors.add(new FieldError("email", "format", "must be an email address such as name@example.com"));
        }
        if (roles == null || roles.isEmpty() || roles.stream().anyMatch(r -> BuiltInRoles.role(r).isEmpty())) {
            errors.add(new FieldError("roles", "unknown", "must name one or more of " + BuiltInRoles.ALL_ROLES.stream().map(Role::name).toList()));
        }
    }

    private static void checkPassword(String password, List<FieldError> errors) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            errors.add(new FieldError("password", "length", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        }
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("Only administrators may manage users and teams");
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Set<String> strings(Connection c, String sql, String param) throws SQLException {
        Set<String> result = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    private static boolean exists(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else if (params[i] == null) {
                    ps.setNull(i + 1, java.sql.Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            return ps.executeUpdate();
        }
    }
}
