package org.rapportcrm.prm.internal.portal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.PrincipalInvitations;

/** {@code POST /api/v1/contacts/{id}/partnerInvitation}: invites a partner account's contact to the partner portal by e-mail. */
@Component
public class InviteToPartnerPortal implements RecordAction {
    private final PrincipalInvitations invitations;

    @Activate
    public InviteToPartnerPortal(@Reference PrincipalInvitations invitations) {
        this.invitations = invitations;
    }

    @Override
    public String recordType() {
        return "contact";
    }

    @Override
    public String name() {
        return "partnerInvitation";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Invite the contact of a partner account to the partner portal (needs invitePartnerUsers)")
                .description("Makes the contact a partner user of its account (or re-activates it) with its e-mail address as user name, "
                        + "and mails a single-use link to choose a password and sign in at /partners/; an earlier link stops working.")
                .response(201, "The invitation is on its way", JsonSchema.object().openProperties()
                        .property("userId", JsonSchema.string()).property("userName", JsonSchema.string())
                        .property("contactId", JsonSchema.string()).property("portal", JsonSchema.string())
                        .property("expiresAt", JsonSchema.string().format("date-time"))
                        .required("userId", "userName", "contactId", "portal", "expiresAt"))
                .problem(422, "The contact has no e-mail address (field email), no account or one that is no partner (field account)")
                .handler(ex -> ex.send(201, invitations.invite(ex.actor(), PartnerPortal.NAME, ex.pathParameter("id")))));
    }
}
