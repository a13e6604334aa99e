package org.rapportcrm.platform.api.security;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Users, teams, roles, passwords, API tokens and console sessions. Passwords and tokens are stored only as salted,
 * slow hashes. Changes need an administrator; {@link org.rapportcrm.platform.api.record.ValidationException} names
 * the offending field. Every method that takes an {@link Actor} checks what that actor may see or do.
 */
@ProviderType
public interface UserService {
    /** Like {@link #authenticate(String, String, String)} without a client address (only the user name is throttled). */
    Optional<Actor> authenticate(String userName, String password);

    /**
     * Checks a user name and password, the user name compared trimmed and lower-cased (as every sign-in form and HTTP
     * Basic send it). Unknown and inactive users take as long to refuse as a wrong password. Repeated failures for a
     * user name or from a client address make further attempts wait, with a delay that doubles; concurrent checks of
     * one credential share one password hash, and a recent success is reused without hashing again.
     *
     * @param clientAddress the caller's network address, or null when unknown
     * @throws SignInThrottledException when the attempt is not checked now (too many failures, or too many checks at once)
     */
    Optional<Actor> authenticate(String userName, String password, String clientAddress);

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

    /**
     * Records which contact of its account an external principal is (for principals made before invitations linked them),
     * refused naming {@code contactId} when the contact is not one of the user's account. Administrators only.
     *
     * @since 1.5
     */
    User linkContact(Actor actor, String userId, String contactId);

    /**
     * An administrator sets another user's password (after a reset request, or when an account may be compromised):
     * that user's sessions end and their API tokens are revoked. Users change their own password with
     * {@link #changePassword}, which needs the current one.
     */
    void setPassword(Actor actor, String userId, String newPassword);

    /**
     * The actor changes their own password, proving the current one (a wrong one counts as a failed sign-in and is
     * refused naming {@code currentPassword}). Every other session of the user ends and their API tokens are revoked,
     * so whoever may have learnt the old password is locked out; the session {@code keepSessionId} (the caller's own,
     * or null) stays signed in.
     */
    void changePassword(Actor actor, String currentPassword, String newPassword, String keepSessionId);

    List<Role> roles();

    List<Team> teams(Actor actor);

    Team createTeam(Actor actor, String name);

    /** True once an administrator account exists. Until then the console offers its local-only setup page. */
    boolean isSetUp();

    /** Creates the first administrator ({@code admin}); refused once one exists. */
    User setUpAdmin(String password);
}
