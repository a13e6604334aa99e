package org.rapportcrm.service.portal.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.PrincipalInvitations;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the portal and how they get in, through the platform's invitations ({@link PrincipalInvitations}, portal
 * {@value CustomerPortal#NAME}): staff with the {@code invitePortalUsers} permission invite a contact, which makes (or
 * re-activates) an external principal of the contact's account, linked to the contact, and mails a single-use link to
 * choose a password; a portal user who forgot it asks for a reset link the same way. The portal keeps its own list of
 * who was invited when ({@code portalUsers}), shown on the contact's page. Users sign in with the platform's own
 * session sign-in (throttling, CSRF and password rules included).
 */
@Component(service = PortalAccess.class, configurationPid = PortalAccess.PID)
@Designate(ocd = PortalAccess.Config.class)
public class PortalAccess {
    public static final String PID = "org.rapportcrm.service.portal";
    /** The role every invited contact gets: what it may read and change is decided there and by the sharing rules. */
    public static final String PORTAL_ROLE = "portal";
    private static final Logger LOG = LoggerFactory.getLogger(PortalAccess.class);

    @ObjectClassDefinition(name = "Rapport customer portal")
    public @interface Config {
        @AttributeDefinition(name = "Public address", description = "Where customers reach Rapport, as the links in e-mails name it "
                + "(scheme, host and port, no path), for example https://support.example.com")
        String publicUrl() default "http://localhost:8181";

        @AttributeDefinition(name = "Invitation valid (hours)", description = "How long an invitation link works")
        int invitationHours() default 72;

        @AttributeDefinition(name = "Reset link valid (minutes)", description = "How long a password reset link works")
        int resetMinutes() default 60;

        @AttributeDefinition(name = "Account's cases", description = "Let portal users read every case of their account (and its "
                + "comments, messages and files); when off, the platform lets each read only the cases whose contact they are")
        boolean accountCases() default false;
    }

    private final RecordService records;
    private final UserService users;
    private final PrincipalInvitations invitations;
    private final Config config;
    private final Clock clock;

    @Activate
    public PortalAccess(@Reference RecordService records, @Reference UserService users, @Reference PrincipalInvitations invitations,
            Config config) {
        this(records, users, invitations, config, Clock.systemUTC());
        linkInvitedContacts();
    }

    PortalAccess(RecordService records, UserService users, PrincipalInvitations invitations, Config config, Clock clock) {
        this.records = records;
        this.users = users;
        this.invitations = invitations;
        this.config = config;
        this.clock = clock;
    }

    /** What an invitation did: the portal user (new or re-activated) and until when the mailed link works. */
    public record Invitation(String userId, String userName, String contactId, Instant expiresAt) {
    }

    /**
     * Invites a contact the actor may read: its e-mail address becomes the user name. A contact invited before gets a
     * new link (the old one stops working) and its portal user is active again.
     */
    public Invitation invite(Actor actor, String contactId) {
        return records.inTransaction(() -> {
            PrincipalInvitations.Invitation sent = invitations.invite(actor, CustomerPortal.NAME, contactId);
            if (linkOfContact(contactId).isEmpty()) {
                records.create(Actor.system(), PortalTypes.PORTAL_USER, Map.of("user", sent.userId(), "userName", sent.userName(),
                        "contact", contactId, "invitedAt", clock.instant()));
            }
            return new Invitation(sent.userId(), sent.userName(), contactId, sent.expiresAt());
        });
    }

    /**
     * Mails a reset link to the active portal user with this e-mail address, if there is one, at most once a minute (so
     * the form cannot flood anyone's inbox). Says nothing either way, so the answer does not tell who is a customer.
     */
    public void requestReset(String email) {
        invitations.requestPasswordReset(CustomerPortal.NAME, email);
    }

    /**
     * Sets the password of the link's user and uses the link up, together: a password the rules refuse leaves the link
     * working. Every other session of the user ends (the platform does so on a password set).
     *
     * @return the user name to sign in with
     */
    public String choosePassword(String token, String password) {
        return invitations.choosePassword(token, password);
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
        me.put("contactId", actor.contactId() != null ? actor.contactId() : contactOf(actor.userId()).orElse(null));
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

    /**
     * Portal users invited before the platform linked principals to their contact get that link from the portal's own
     * list, once: afterwards every principal has its contact and the platform can share cases by it.
     */
    private void linkInvitedContacts() {
        Map<String, User> unlinked = new HashMap<>();
        for (User user : users.users(Actor.system())) {
            if (user.accountId() != null && user.contactId() == null) {
                unlinked.put(user.id(), user);
            }
        }
        if (unlinked.isEmpty()) {
            return;
        }
        for (Record link : records.all(Actor.system(), Query.of(PortalTypes.PORTAL_USER))) {
            User user = unlinked.get((String) link.get("user"));
            if (user != null) {
                try {
                    users.linkContact(Actor.system(), user.id(), (String) link.get("contact"));
                } catch (RuntimeException e) {
                    LOG.warn("The portal user {} stays without a contact (sees no case while customers see only their own): {}",
                            user.userName(), e.getMessage());
                }
            }
        }
    }
}
