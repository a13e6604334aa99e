package org.rapportcrm.service.portal.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code POST /api/v1/contacts/{id}/portalInvitation}: invites the contact to the customer portal by e-mail. */
@Component
public class InviteToPortal implements RecordAction {
    private final PortalAccess access;

    @Activate
    public InviteToPortal(@Reference PortalAccess access) {
        this.access = access;
    }

    @Override
    public String recordType() {
        return "contact";
    }

    @Override
    public String name() {
        return "portalInvitation";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Invite the contact to the customer portal (needs invitePortalUsers)")
                .description("Makes the contact a portal user of its account (or re-activates it) with its e-mail address as user name, "
                        + "and mails a single-use link to choose a password; an earlier link stops working.")
                .response(201, "The invitation is on its way", JsonSchema.object().openProperties()
                        .property("userId", JsonSchema.string()).property("userName", JsonSchema.string())
                        .property("contactId", JsonSchema.string()).property("expiresAt", JsonSchema.string().format("date-time"))
                        .required("userId", "userName", "contactId", "expiresAt"))
                .problem(422, "The contact has no e-mail address (field email) or no account (field account)")
                .handler(ex -> ex.send(201, access.invite(ex.actor(), ex.pathParameter("id")))));
    }
}
