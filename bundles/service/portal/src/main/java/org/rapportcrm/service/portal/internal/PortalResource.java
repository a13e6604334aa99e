package org.rapportcrm.service.portal.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * The few endpoints the portal needs beyond the generic API: choosing a password through a mailed link, asking for a
 * reset link, and who the signed-in customer is. Cases, files and articles go through the generic record endpoints as
 * the portal user, so the platform's sharing and field rules apply to them as to everything else.
 */
@Component
public class PortalResource implements RestResource {
    private static final JsonSchema PASSWORD = JsonSchema.string().minLength(1).maxLength(200);
    private final PortalAccess access;

    @Activate
    public PortalResource(@Reference PortalAccess access) {
        this.access = access;
    }

    @Override
    public String path() {
        return "portal";
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
                        .handler(ex -> ex.send(200, Map.of("userName", access.choosePassword(text(ex.body(), "token"), text(ex.body(), "password"))))),
                RestRoute.post("passwordReset").publicAccess().summary("Mail a password reset link to a portal user")
                        .description("Answers 202 whether or not a portal user has this address, so it tells nobody who is a customer.")
                        .requestBody(JsonSchema.object().property("email", JsonSchema.string().minLength(3).maxLength(254)).required("email"))
                        .response(202, "If a portal user has this address, the link is on its way")
                        .handler(ex -> {
                            access.requestReset(text(ex.body(), "email"));
                            ex.send(202, Map.of());
                        }),
                RestRoute.get("me").summary("The signed-in portal user: their contact, account and what the portal shows them")
                        .response(200, "The portal user", JsonSchema.object().openProperties()
                                .property("userId", JsonSchema.string()).property("userName", JsonSchema.string())
                                .property("displayName", JsonSchema.string()).property("email", JsonSchema.string().nullable())
                                .property("accountId", JsonSchema.string()).property("contactId", JsonSchema.string().nullable())
                                .property("accountCases", JsonSchema.bool().description("whether to list every case of the account"))
                                .required("userId", "userName", "accountId", "accountCases"))
                        .problem(403, "Staff use the console, not the portal")
                        .handler(ex -> ex.send(200, access.me(ex.actor()))));
    }

    /** The schema has checked presence and type already. */
    private static String text(Map<String, Object> body, String key) {
        return (String) body.get(key);
    }
}
