package org.rapportcrm.platform.shell.internal;

import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

@Command(scope = "rapport", name = "user-create", description = "Creates a user who can sign in to the console and the API")
@Service
public class UserCreateCommand implements Action {
    @Reference
    UserService users;

    @Argument(index = 0, name = "userName", required = true, description = "Sign-in name, lower case")
    String userName;

    @Argument(index = 1, name = "password", required = true, description = "At least 8 characters")
    String password;

    @Option(name = "--name", description = "Display name (defaults to the user name)")
    String displayName;

    @Option(name = "--email", description = "Email address")
    String email;

    @Option(name = "--role", multiValued = true, description = "Role: admin, sales, marketing, service or read-only (repeatable; default sales)")
    List<String> roles;

    @Override
    public Object execute() {
        try {
            // The shell is reached only by administrators of the machine, so it acts as the platform.
            User u = users.createUser(Actor.system(), new NewUser(userName, displayName == null ? userName : displayName, email,
                    password, roles == null ? Set.of("sales") : Set.copyOf(roles), Set.of()));
            System.out.println("Created user " + u.userName() + " (" + u.id() + ") with roles " + u.roles());
        } catch (ValidationException e) {
            for (FieldError error : e.getErrors()) {
                System.err.println("Error: " + error.field() + " " + error.message());
            }
        }
        return null;
    }
}
