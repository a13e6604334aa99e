package org.rapportcrm.prm.internal.portal;

import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.PartnerAccounts;

/**
 * The partner portal at {@code /partners/} as the platform's invitations know it: channel managers (permission
 * {@code invitePartnerUsers}) invite contacts of partner accounts, who become partner users of their account.
 */
@Component(configurationPid = PartnerPortal.PID)
@Designate(ocd = PartnerPortal.Config.class)
public class PartnerPortal implements ExternalPortal {
    public static final String PID = "org.rapportcrm.prm.portal";
    public static final String NAME = "partner";

    @ObjectClassDefinition(name = "Rapport partner portal", description = "How partners' people are invited to /partners/")
    public @interface Config {
        @AttributeDefinition(name = "Public address", description = "Where partners reach Rapport, as the links in e-mails name it "
                + "(scheme, host and port, no path), for example https://partners.example.com")
        String publicUrl() default "http://localhost:8181";

        @AttributeDefinition(name = "Invitation valid (hours)", description = "How long an invitation link works")
        int invitationHours() default 72;

        @AttributeDefinition(name = "Reset link valid (minutes)", description = "How long a password reset link works")
        int resetMinutes() default 60;
    }

    private final RecordService records;
    private final Config config;

    @Activate
    public PartnerPortal(@Reference RecordService records, Config config) {
        this.records = records;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "our partner portal";
    }

    @Override
    public String role() {
        return Partners.PARTNER_ROLE;
    }

    @Override
    public String invitePermission() {
        return Permission.INVITE_PARTNER_USERS;
    }

    @Override
    public String address() {
        return config.publicUrl().replaceAll("/+$", "") + "/partners/";
    }

    @Override
    public String purpose() {
        return "where you register deals, work the leads and opportunities we give you and follow your market development funds";
    }

    @Override
    public Duration invitationValidity() {
        return Duration.ofHours(config.invitationHours());
    }

    @Override
    public Duration resetValidity() {
        return Duration.ofMinutes(config.resetMinutes());
    }

    /** Only a partner account's people become partner users. */
    @Override
    public void checkInvitee(Record contact, Record account) {
        PartnerAccounts.require(records, "account", account.getId(), "A partner user");
    }
}
