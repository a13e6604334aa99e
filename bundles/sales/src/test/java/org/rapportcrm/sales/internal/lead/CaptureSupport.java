package org.rapportcrm.sales.internal.lead;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

/** Lead capture over the real core, posting as a browser or a script would. */
final class CaptureSupport {
    static final String FORM_ENCODED = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    final SalesFixture fixture;
    final LeadCaptureHandler handler;

    CaptureSupport(SalesFixture fixture, int postsPerMinute, boolean trustProxy, Clock clock) {
        this.fixture = fixture;
        this.handler = new LeadCaptureHandler(fixture.core.records, fixture.core.metadata, new RateLimiter(postsPerMinute, clock),
                trustProxy, 64 * 1024, new RedirectTargets(new String[] {"https://www.example.com"}));
    }

    CaptureSupport(SalesFixture fixture) {
        this(fixture, 1000, false, Clock.systemUTC());
    }

    Record webForm(String formKey, Map<String, Object> values) {
        Map<String, Object> form = new LinkedHashMap<>(values);
        form.put("name", "Form " + formKey);
        form.put("formKey", formKey);
        return fixture.core.records.create(Actor.system(), SalesTypes.WEB_FORM, form);
    }

    CaptureResponse post(String formKey, String contentType, String body) {
        return post(formKey, contentType, body, "198.51.100.7", null);
    }

    CaptureResponse post(String formKey, String contentType, String body, String remoteAddress, String forwardedFor) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return handler.handle(new CaptureRequest("POST", "/leads/" + formKey, contentType, bytes.length,
                new ByteArrayInputStream(bytes), remoteAddress, forwardedFor));
    }

    Record lead(String id) {
        return fixture.core.records.get(Actor.system(), SalesTypes.LEAD, id);
    }

    long leadCount() {
        return fixture.core.records.count(Actor.system(), SalesTypes.LEAD, null);
    }
}
