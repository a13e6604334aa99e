package org.rapportcrm.service.portal.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.KeptMail;
import org.rapportcrm.platform.core.internal.MutableClock;

/** The real core over in-memory Derby with the portal's types, a clock the test moves, and the mail it would send. */
final class PortalFixture implements AutoCloseable {
    final CoreFixture core = new CoreFixture();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final KeptMail mail = new KeptMail();
    final List<OutgoingMail> sent = mail.sent;
    final PortalAccess access;

    PortalFixture() {
        this(Map.of());
    }

    PortalFixture(Map<String, Object> config) {
        core.metadata.addProvider(new PortalTypes());
        PortalAccess.Config settings = Configs.of(PortalAccess.Config.class, config);
        access = new PortalAccess(core.records, core.users, core.invitations(mail, clock, new CustomerPortal(settings)), settings, clock);
    }

    Record account(String name) {
        return core.records.create(Actor.system(), "account", Map.of("name", name));
    }

    Record contact(String lastName, String email, Record account) {
        return core.records.create(Actor.system(), "contact", Map.of("lastName", lastName, "email", email, "account", account.getId()));
    }

    /** The token of the link in the last message sent to {@code address}. */
    String linkSentTo(String address) {
        OutgoingMail mail = sent.stream().filter(m -> m.to().stream().anyMatch(a -> a.address().equals(address)))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("nothing sent to " + address));
        Matcher m = Pattern.compile("/portal/#/password/([A-Za-z0-9_-]+)").matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("no link in " + mail.text());
        }
        return m.group(1);
    }

    @Override
    public void close() {
        core.close();
    }
}
