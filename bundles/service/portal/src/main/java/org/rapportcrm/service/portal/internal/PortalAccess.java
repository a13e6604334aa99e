package org.rapportcrm.service.portal.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.service.portal.internal.PortalTokens.Purpose;

/**
 * Who may use the portal and how they get in: staff with the {@code invitePortalUsers} permission invite a contact,
 * which makes (or re-activates) an external principal of the contact's account, linked to the contact, and mails a
 * single-use link to choose a password; a portal user who forgot it asks for a reset link the same way. Users sign in
 * with the platform's own session sign-in (throttling, CSRF and password rules included).
 */
@Component(service = PortalAccess.class, configurationPid = PortalAccess.PID)
@Designate(ocd = PortalAccess.Config.class)
public class PortalAccess {
    public static final String PID = "org.rapportcrm.service.portal";
    /** The role every invited contact gets: what it may read and change is decided there and by the sharing rules. */
    public static final String PORTAL_ROLE = "portal";
    static final Duration RESET_INTERVAL = Duration.ofMinutes(1);

    @ObjectClassDefinition(name = "Rapport customer portal")
    public @interface Config {
        @AttributeDefinition(name = "Public address", description = "Where customers reach Rapport, as the links in e-mails name it "
                + "(scheme, host and port, no path), for example https://support.example.com")
        String publicUrl() default "http://localhost:8181";

        @AttributeDefinition(name = "Invitation valid (hours)", description = "How long an invitation link works")
        int invitationHours() default 72;

        @AttributeDefinition(name = "Reset link valid (minutes)", description = "How long a password reset link works")
        int resetMinutes() default 60;

        @AttributeDefinition(name = "Account's cases", description = "Show portal users every case of their account, not only "
                + "their own (cases are shared with the account either way)")
        boolean accountCases() default false;
    }

    private final RecordService records;
    private final UserService users;
    private final RoleService roles;
    private final MailService mail;
    private final PortalTokens tokens;
    private final Config config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public PortalAccess(@Reference RecordService records, @Reference UserService users, @Reference RoleService roles,
            @Reference MailService mail, Config config) {
        this(records, users, roles, mail, config, Clock.systemUTC());
    }

    PortalAccess(RecordService records, UserService users, RoleService roles, MailService mail, Config config, Clock clock) {
        this.records = records;
        this.users = users;
        this.roles = roles;
        this.mail = mail;
        this.config = config;
        this.clock = clock;
        this.tokens = new PortalTokens(records, clock);
    }

    /** What an invitation did: the portal user (new or re-activated) and until when the mailed link works. */
    public record Invitation(String userId, String userName, String contactId, Instant expiresAt) {
    }

    /**
     * Invites a contact the actor may read: its e-mail address becomes the user name. A contact invited before gets a
     * new link (the old one stops working) and its portal user is active again.
     */
    public Invitation invite(Actor actor, String contactId) {
        if (actor.isExternal() || !roles.hasPermission(actor, Permission.INVITE_PORTAL_USERS)) {
            throw new AccessDeniedException(actor.userName() + " may not invite contacts to the portal (needs "
                    + Permission.INVITE_PORTAL_USERS + ")");
        }
        Record contact = records.get(actor, "contact", contactId);
        String email = (String) contact.get("email");
        String accountId = (String) contact.get("account");
        if (email == null || email.isBlank()) {
            throw new ValidationException("email", "required", "The contact needs an e-mail address to be invited");
        }
        if (accountId == null) {
            throw new ValidationException("account", "required", "The contact needs an account: portal users see their account's cases");
        }
        String displayName = displayName(contact, email);
        return records.inTransaction(() -> {
            Optional<Record> link = linkOfContact(contactId);
            User user;
            if (link.isPresent()) {
                user = users.updateUser(Actor.system(), (String) link.get().get("user"), displayName, email, true, null, null);
            } else {
                user = users.createUser(Actor.system(), new NewUser(email.trim().toLowerCase(Locale.ROOT), displayName, email,
                        unguessablePassword(), Set.of(PORTAL_ROLE), Set.of(), accountId));
                records.create(Actor.system(), PortalTypes.PORTAL_USER, Map.of("user", user.id(), "userName", user.userName(),
                        "contact", contactId, "invitedAt", clock.instant()));
            }
            Duration valid = Duration.ofHours(config.invitationHours());
            String token = tokens.issue(user.id(), Purpose.INVITATION, valid);
            mail.send(OutgoingMail.builder().to(email).subject("Your access to our customer portal")
                    .text("Hello " + displayName + ",\n\nyou are invited to our customer portal, where you can open and follow your "
                            + "support cases.\n\nChoose your password here (the link works once, for " + config.invitationHours()
                            + " hours):\n" + link(token) + "\n\nThen sign in at " + portalUrl() + " with your e-mail address "
                            + user.userName() + ".\n")
                    .header("Auto-Submitted", "auto-generated").build());
            return new Invitation(user.id(), user.userName(), contactId, clock.instant().plus(valid));
        });
    }

    /**
     * Mails a reset link to the active portal user with this e-mail address, if there is one, at most once a minute (so
     * the form cannot flood anyone's inbox). Says nothing either way, so the answer does not tell who is a customer.
     */
    public void requestReset(String email) {
        String wanted = email.trim();
        users.users(Actor.system()).stream()
                .filter(u -> u.accountId() != null && u.active() && u.email() != null && u.email().trim().equalsIgnoreCase(wanted))
                .findFirst()
                .filter(user -> !tokens.issuedWithin(user.id(), Purpose.RESET, RESET_INTERVAL))
                .ifPresent(user -> records.inTransaction(() -> {
                    String token = tokens.issue(user.id(), Purpose.RESET, Duration.ofMinutes(config.resetMinutes()));
                    return mail.send(OutgoingMail.builder().to(user.email()).subject("Reset your portal password")
                            .text("Hello " + user.displayName() + ",\n\nsomeone (we hope you) asked to reset your password for our "
                                    + "customer portal. Choose a new one here (the link works once, for " + config.resetMinutes()
                                    + " minutes):\n" + link(token) + "\n\nYour user name is " + user.userName()
                                    + ". If you did not ask, ignore this message: your password stays as it is.\n")
                            .header("Auto-Submitted", "auto-generated").build());
                }));
    }

    /**
     * Sets the password of the link's user and uses the link up, together: a password the rules refuse leaves the link
     * working. Every other session of the user ends (the platform does so on a password set).
     *
     * @return the user name to sign in with
     */
    public String choosePassword(String token, String password) {
        return records.inTransaction(() -> {
            PortalTokens.Redeemable link = tokens.check(token);
            User user = users.user(Actor.system(), link.userId()).filter(User::active)
                    .orElseThrow(() -> new ValidationException("token", "invalid", "This portal access was closed"));
            users.setPassword(Actor.system(), user.id(), password);
            tokens.markUsed(link);
            return user.userName();
        });
    }

    /** The signed-in portal user: who, which contact and account, and what the portal shows them. */
    public Map<String, Object> me(Actor actor) {
        if (!actor.isExternal()) {
            throw new AccessDeniedException("The portal is for customers; staff use the console at /", null);
        }
        Map<String, Object> me = new LinkedHashMap<>();
        User user = users.user(actor, actor.userId()).orElseThrow();
        me.put("userId", user.id());
        me.put("userName", user.userName());
        me.put("displayName", user.displayName());
        me.put("email", user.email());
        me.put("accountId", actor.accountId());
        me.put("contactId", contactOf(actor.userId()).orElse(null));
        me.put("accountCases", config.accountCases());
        return me;
    }

    /** The contact a portal user is, if they were invited as one. */
    public Optional<String> contactOf(String userId) {
        return records.query(Actor.system(), Query.of(PortalTypes.PORTAL_USER).where(Filter.eq("user", userId)).limit(1)).items().stream()
                .findFirst().map(r -> (String) r.get("contact"));
    }

    private Optional<Record> linkOfContact(String contactId) {
        return records.query(Actor.system(), Query.of(PortalTypes.PORTAL_USER).where(Filter.eq("contact", contactId)).limit(1)).items()
                .stream().findFirst();
    }

    private static String displayName(Record contact, String email) {
        String name = (String.valueOf(contact.get("firstName") == null ? "" : contact.get("firstName")) + " "
                + (contact.get("lastName") == null ? "" : contact.get("lastName"))).trim();
        return name.isEmpty() ? email : name;
    }

    /** Nobody knows it: the user chooses their own through the link. */
    private String unguessablePassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String portalUrl() {
        return config.publicUrl().replaceAll("/+$", "") + "/portal/";
    }

    /** The token travels in the fragment, which browsers never send to a server nor in a Referer. */
    private String link(String token) {
        return portalUrl() + "#/password/" + token;
    }
}
