package org.rapportcrm.platform.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapportcrm.platform.api.health.HealthReport;
import org.rapportcrm.platform.api.health.Readiness;
import org.rapportcrm.platform.api.security.UserService;

@Command(scope = "rapport", name = "health", description = "Shows whether Rapport is ready, part by part, and whether it is set up")
@Service
public class HealthCommand implements Action {
    @Reference
    Readiness readiness;

    @Reference
    UserService users;

    @Override
    public Object execute() {
        HealthReport report = readiness.report();
        System.out.printf("Status: %s%n", report.status());
        report.checks().forEach((name, status) -> System.out.printf("  %s: %s (%s)%n", name, status.status(), status.detail()));
        System.out.printf("Administrator: %s%n", users.isSetUp() ? "set up"
                : "NOT set up: open the console from this machine or set RAPPORT_ADMIN_PASSWORD");
        return null;
    }
}
