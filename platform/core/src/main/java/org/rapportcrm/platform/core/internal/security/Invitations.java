package org.rapportcrm.platform.core.internal.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.PrincipalInvitations;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.record.AuditLog;
import org.rapportcrm.platform.core.internal.record.RecordServiceImpl;
import org.rapportcrm.platform.core.internal.security.InvitationLinks.Purpose;
import org.rapportcrm.platform.core.internal.security.InvitationLinks.Redeemed;

/**
 * Invitations of contacts into the portals on the whiteboard, and the password links that follow. The user, its link,
 * the queued e-mail and the audit entry on the contact are written in one transaction: an invitation is sent whole or
 * not at all.
 */
@Component(service = PrincipalInvitations.class)
public class Invitations implements PrincipalInvitations {
    /** A portal user may ask for a reset link this often, so the form cannot flood anyone's inbox. */
    static final Duration RESET_INTERVAL = Duration.ofMinutes(1);
    private static final String INVITED = "INVITED";
    private static final String ACCEPTED = "ACCEPTED";

    private final Database database;
    private final RecordServiceImpl records;
    private final UserServiceImpl users;
    private final AccessPolicy policy;
    private final MailService mail;
    private final Clock clock;
    private final AuditLog audit;
    private final InvitationLinks links = new InvitationLinks();
    private final Map<String, ExternalPortal> portals = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Activate
    public Invitations(@Reference Database database, @Reference RecordServiceImpl records, @Reference UserServiceImpl users,
            @Reference AccessPolicy policy, @Reference MailService mail) {
        this(database, records, users, policy, mail, Clock.systemUTC());
    }

    public Invitations(Database database, RecordServiceImpl records, UserServiceImpl users, AccessPolicy policy, MailService mail, Clock clock) {
        this.database = database;
        this.records = records;
        this.users = users;
        this.policy = policy;
        this.mail = mail;
        this.clock = clock;
        this.audit = new AuditLog(database.dialect());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addPortal(ExternalPortal portal) {
        portals.put(portal.name(), portal);
    }

    public void removePortal(ExternalPortal portal) {
        portals.remove(portal.name(), portal);
    }

    @Override
    public Invitation invite(Actor actor, String portalName, String contactId) {
        if (actor.isExternal()) {
            throw new AccessDeniedException(actor.userName() + " may not invite anyone");
        }
        ExternalPortal portal = portal(portalName);
        if (!policy.hasPermission(actor, portal.invitePermission())) {
            throw new AccessDeniedException(actor.userName() + " may not invite contacts to " + portal.title() + " (needs "
                    + portal.invitePermission() + ")");
        }
        Record contact = records.get(actor, "contact", contactId);
        String email = contact.get("email") == null ? "" : ((String) contact.get("email")).trim();
        String accountId = (String) contact.get(SharedRecords.ACCOUNT);
        if (email.isEmpty()) {
            throw new ValidationException("email", "required", "The contact needs an e-mail address to be invited");
        }
        if (accountId == null) {
            throw new ValidationException("account", "required", "The contact needs an account: an invited contact sees what is shared with it");
        }
        String userName = email.toLowerCase(Locale.ROOT);
        if (!UserServiceImpl.isValidUserName(userName)) {
            throw new ValidationException("email", "format", "The contact's e-mail address cannot be a user name (letters, digits and . _ @ - only)");
        }
        portal.checkInvitee(contact, records.get(Actor.system(), SharedRecords.ACCOUNT, accountId));
        String displayName = displayName(contact, email);
        Duration valid = portal.invitationValidity();
        return database.inTransaction(c -> {
            Optional<User> named = users.userNamed(userName);
            Optional<User> existing = users.userOfContact(contactId);
            if (named.isPresent() && !named.get().id().equals(existing.map(User::id).orElse(null))) {
                throw new ValidationException("email", "unique", "Another user signs in as " + userName);
            }
            User user;
            if (existing.isPresent()) {
                Set<String> roles = new HashSet<>(existing.get().roles());
                roles.add(portal.role());
                user = users.updateUser(Actor.system(), existing.get().id(), displayName, email, true, roles, null);
            } else {
                user = users.createUser(Actor.system(), new NewUser(userName, displayName, email, unguessablePassword(), Set.of(portal.role()),
                        Set.of(), accountId, contactId));
            }
            Instant now = clock.instant();
            String token = links.issue(c, user.id(), Purpose.INVITATION, portal.name(), now, valid);
            mail.send(OutgoingMail.builder().to(email).subject("Your access to " + portal.title())
                    .text("Hello " + displayName + ",\n\nyou are invited to " + portal.title()
                            + (portal.purpose().isBlank() ? "" : ", " + portal.purpose()) + ".\n\nChoose your password here (the link works once, for "
                            + hours(valid) + "):\n" + link(portal, token) + "\n\nThen sign in at " + portal.address() + " with your e-mail address "
                            + user.userName() + ".\n")
                    .header("Auto-Submitted", "auto-generated").build());
            audit.write(c, actor, List.of(AuditLog.change(now, actor, "contact", contactId, contact.getVersion(), INVITED, portal.name(),
                    null, user.userName())));
            return new Invitation(user.id(), user.userName(), contactId, portal.name(), now.plus(valid));
        });
    }

    @Override
    public void requestPasswordReset(String portalName, String email) {
        ExternalPortal portal = portal(portalName);
        String wanted = email == null ? "" : email.trim();
        users.users(Actor.system()).stream()
                .filter(u -> u.accountId() != null && u.active() && u.roles().contains(portal.role()) && u.email() != null
                        && u.email().trim().equalsIgnoreCase(wanted))
                .findFirst()
                .ifPresent(user -> database.inTransaction(c -> {
                    Instant now = clock.instant();
                    if (links.issuedSince(c, user.id(), Purpose.RESET, now.minus(RESET_INTERVAL))) {
                        return null;
                    }
                    String token = links.issue(c, user.id(), Purpose.RESET, portal.name(), now, portal.resetValidity());
                    return mail.send(OutgoingMail.builder().to(user.email()).subject("Reset your portal password")
                            .text("Hello " + user.displayName() + ",\n\nsomeone (we hope you) asked to reset your password for "
                                    + portal.title() + ". Choose a new one here (the link works once, for " + minutes(portal.resetValidity())
                                    + "):\n" + link(portal, token) + "\n\nYour user name is " + user.userName()
                                    + ". If you did not ask, ignore this message: your password stays as it is.\n")
                            .header("Auto-Submitted", "auto-generated").build());
                }));
    }

    @Override
    public String choosePassword(String token, String password) {
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            Redeemed link = links.redeem(c, token, now);
            User user = users.user(Actor.system(), link.userId()).filter(User::active)
                    .orElseThrow(() -> new ValidationException("token", "invalid", "This access was closed"));
            users.setPassword(Actor.system(), user.id(), password);
            if (link.purpose() == Purpose.INVITATION && user.contactId() != null) {
                Actor invitee = Actor.of(user);
                long version = records.get(Actor.system(), "contact", user.contactId()).getVersion();
                audit.write(c, invitee, List.of(AuditLog.change(now, invitee, "contact", user.contactId(), version, ACCEPTED, link.portal(),
                        null, user.userName())));
            }
            return user.userName();
        });
    }

    private ExternalPortal portal(String name) {
        ExternalPortal portal = name == null ? null : portals.get(name);
        if (portal == null) {
            throw new ValidationException("portal", "notInstalled", "There is no portal '" + name + "' (installed: " + String.join(", ",
                    portals.keySet().stream().sorted().toList()) + ")");
        }
        return portal;
    }

    /** The token travels in the fragment, which browsers never send to a server nor in a Referer. */
    private static String link(ExternalPortal portal, String token) {
        return portal.address() + "#/password/" + token;
    }

    private static String hours(Duration d) {
        return d.toHours() + " hours";
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " minutes";
    }

    private static String displayName(Record contact, String email) {
        String name = ((contact.get("firstName") == null ? "" : contact.get("firstName")) + " "
                + (contact.get("lastName") == null ? "" : contact.get("lastName"))).trim();
        return name.isEmpty() ? email : name;
    }

    /** Nobody knows it: the invitee chooses their own through the link. */
    private String unguessablePassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
