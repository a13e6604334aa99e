package org.rapportcrm.service.portal.internal;

import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.api.security.Permission;

/**
 * The customer portal at {@code /portal/} as the platform's invitations and sharing know it, from the portal's settings
 * ({@link PortalAccess.Config}): with "Account's cases" off, customers read only the cases whose contact they are.
 */
@Component(configurationPid = PortalAccess.PID)
public class CustomerPortal implements ExternalPortal {
    public static final String NAME = "customer";
    private final PortalAccess.Config config;

    @Activate
    public CustomerPortal(PortalAccess.Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "our customer portal";
    }

    @Override
    public String role() {
        return PortalAccess.PORTAL_ROLE;
    }

    @Override
    public String invitePermission() {
        return Permission.INVITE_PORTAL_USERS;
    }

    @Override
    public String address() {
        return config.publicUrl().replaceAll("/+$", "") + "/portal/";
    }

    @Override
    public String purpose() {
        return "where you can open and follow your support cases";
    }

    @Override
    public Duration invitationValidity() {
        return Duration.ofHours(config.invitationHours());
    }

    @Override
    public Duration resetValidity() {
        return Duration.ofMinutes(config.resetMinutes());
    }

    @Override
    public boolean ownRecordsOnly() {
        return !config.accountCases();
    }
}
