package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

/** A web form's redirect goes to this server or to a site an administrator allowed, never to just any site. */
class WebFormRedirectsTest {
    private final RedirectTargets targets = new RedirectTargets(new String[] {"https://www.example.com", "http://shop.example.com:8080 "});

    @Test
    void pathsOnThisServerAndAllowedOriginsPass() {
        for (String ok : List.of("/thanks.html", "/forms/done?x=1", "https://www.example.com/thanks", "HTTPS://WWW.EXAMPLE.COM:443/a",
                "http://shop.example.com:8080/ok")) {
            assertTrue(targets.allows(ok), ok);
        }
    }

    @Test
    void everythingElseIsRefused() {
        for (String bad : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                "https://www.example.com.evil.example/", "https://attacker@www.example.com/", "http://www.example.com/",
                "http://shop.example.com/", "thanks.html", "https://www.example.com/a b", "data:text/html,hi", "/ok\r\nSet-Cookie: x")) {
            assertFalse(targets.allows(bad), bad);
        }
    }

    @Test
    void aFormCannotBeSavedWithARedirectElsewhere() {
        SalesFixture fixture = new SalesFixture();
        fixture.core.records.addValidator(new WebFormRedirects(targets), null);
        ValidationException e = assertThrows(ValidationException.class, () -> fixture.core.records.create(Actor.system(), SalesTypes.WEB_FORM,
                Map.of("name", "Evil", "formKey", "evil", "redirectUrl", "https://evil.example/phish")));
        assertEquals("redirectUrl", e.getErrors().get(0).field());
        Record fine = fixture.core.records.create(Actor.system(), SalesTypes.WEB_FORM, Map.of("name", "Fine", "formKey", "fine",
                "redirectUrl", "https://www.example.com/thanks"));
        assertEquals("https://www.example.com/thanks", fine.get("redirectUrl"));
    }
}
