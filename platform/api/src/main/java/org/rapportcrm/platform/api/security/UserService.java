package org.rapportcrm.platform.api.security;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Users, teams, roles, passwords, API tokens and console sessions. Passwords and tokens are stored only as salted,
 * slow hashes. Changes need an administrator; {@link org.rapportcrm.platform.api.record.ValidationException} names
 * the offending field.
 */
@ProviderType
public interface UserService {
    Optional<Actor> authenticate(String userName, String password);

    Optional<Actor> authenticateToken(String token);

    Session openSession(Actor actor);

    Optional<Session> session(String sessionId);

    void closeSession(String sessionId);

    /** Creates a bearer token for the actor's own user; the plain token is returned once and never stored. */
    String createApiToken(Actor actor, String name);

    /** The actor's own tokens. */
    List<ApiToken> apiTokens(Actor actor);

    /** Revokes one of the actor's tokens at once (administrators may revoke anyone's). */
    void revokeApiToken(Actor actor, String tokenId);

    List<User> users(Actor actor);

    Optional<User> user(Actor actor, String id);

    User createUser(Actor actor, NewUser user);

    User updateUser(Actor actor, String id, String displayName, String email, Boolean active, java.util.Set<String> roles,
            java.util.Set<String> teamIds);

    void setPassword(Actor actor, String userId, String newPassword);

    List<Role> roles();

    List<Team> teams(Actor actor);

    Team createTeam(Actor actor, String name);

    /** True once an administrator account exists. Until then the console offers its local-only setup page. */
    boolean isSetUp();

    /** Creates the first administrator ({@code admin}); refused once one exists. */
    User setUpAdmin(String password);
}
