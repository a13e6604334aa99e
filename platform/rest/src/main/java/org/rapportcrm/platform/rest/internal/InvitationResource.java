package org.rapportcrm.platform.rest.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.PrincipalInvitations;

/**
 * What every portal's page needs to let its invited principals in: choosing a password with a mailed link, and asking
 * for a reset link. Signing in is the platform's session sign-in, as for staff.
 */
@Component
public class InvitationResource implements RestResource {
    private static final JsonSchema PASSWORD = JsonSchema.string().minLength(1).maxLength(200);
    private final PrincipalInvitations invitations;

    @Activate
    public InvitationResource(@Reference PrincipalInvitations invitations) {
        this.invitations = invitations;
    }

    @Override
    public String path() {
        return "invitations";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                RestRoute.post("password").publicAccess().summary("Choose a portal password with the link of an invitation or reset e-mail")
                        .description("The link works once and until it expires; a password the rules refuse leaves it working.")
                        .requestBody(JsonSchema.object().property("token", JsonSchema.string().minLength(1).maxLength(200)
                                        .description("the last part of the link"))
                                .property("password", PASSWORD).required("token", "password"))
                        .response(200, "The password is set; sign in with this user name",
                                JsonSchema.object().openProperties().property("userName", JsonSchema.string()).required("userName"))
                        .problem(422, "The link is invalid, used or expired (field token, code invalid, used or expired), or the password is refused")
                        .handler(ex -> ex.send(200, Map.of("userName", invitations.choosePassword(text(ex.body(), "token"),
                                text(ex.body(), "password"))))),
                RestRoute.post("passwordReset").publicAccess().summary("Mail a password reset link to a portal's user")
                        .description("Answers 202 whether or not the portal has a user with this address, so it tells nobody who is one.")
                        .requestBody(JsonSchema.object().property("portal", JsonSchema.string().minLength(1).maxLength(50)
                                        .description("the portal's name, e.g. customer or partner"))
                                .property("email", JsonSchema.string().minLength(3).maxLength(254)).required("portal", "email"))
                        .response(202, "If the portal has a user with this address, the link is on its way")
                        .problem(422, "No portal of that name is installed (field portal, code notInstalled)")
                        .handler(ex -> {
                            invitations.requestPasswordReset(text(ex.body(), "portal"), text(ex.body(), "email"));
                            ex.send(202, Map.of());
                        }));
    }

    /** The schema has checked presence and type already. */
    private static String text(Map<String, Object> body, String key) {
        return (String) body.get(key);
    }
}
