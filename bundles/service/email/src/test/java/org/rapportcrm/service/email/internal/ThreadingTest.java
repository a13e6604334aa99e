package org.rapportcrm.service.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.MailAddress;

/** The rules of threading and of loop protection, on their own. */
class ThreadingTest {
    private static IncomingMail mail(String from, String inReplyTo, List<String> references, Map<String, List<String>> headers) {
        return new IncomingMail("support", "<x@y>", inReplyTo, references, from == null ? null : MailAddress.parse(from), List.of(), List.of(),
                "s", Instant.EPOCH, "t", null, List.of(), headers, null);
    }

    @Test
    void aMessageAnswersItsInReplyToFirstThenItsReferencesFromTheNewest() {
        IncomingMail m = mail("a@b.example", "<c@x>", List.of("<a@x>", "<b@x>", "<c@x>"), Map.of());
        assertEquals(List.of("<c@x>", "<b@x>", "<a@x>"), Threading.answeredIds(m));
        assertEquals(List.of(), Threading.answeredIds(mail("a@b.example", null, List.of(), Map.of())));
    }

    @Test
    void theCaseTokenIsFoundAnywhereInTheSubject() {
        assertEquals(Optional.of("CS-000123"), Threading.caseNumberIn("Re: AW: Printer [CS-000123] still broken"));
        assertEquals(Optional.of("CS-1234567"), Threading.caseNumberIn("[CS-1234567]"));
        assertEquals(Optional.empty(), Threading.caseNumberIn("CS-000123 without brackets"));
        assertEquals(Optional.empty(), Threading.caseNumberIn(null));
    }

    @Test
    void aReplySubjectHasOneReAndTheTokenOnce() {
        assertEquals("Re: Printer on fire [CS-000001]", Threading.replySubject("RE: Fwd: aw: Printer on fire", "CS-000001"));
        assertEquals("Re: Printer on fire [CS-000001]", Threading.replySubject("Re: Printer on fire [CS-000001]", "CS-000001"));
        assertEquals("Re: [CS-000001]", Threading.replySubject("", "CS-000001"));
        assertEquals("Received [CS-000001]", Threading.withToken(" Received ", "CS-000001"));
    }

    @Test
    void referencesKeepTheFirstAndTheLatestMessagesOfALongThread() {
        List<String> ids = IntStream.rangeClosed(1, 30).mapToObj(i -> "<" + i + "@x>").toList();
        List<String> refs = Threading.references(ids);
        assertEquals(Threading.MAX_REFERENCES, refs.size());
        assertEquals("<1@x>", refs.get(0));
        assertEquals("<30@x>", refs.get(refs.size() - 1));
        assertEquals("<20@x>", refs.get(1));
        assertEquals(List.of("<1@x>", "<2@x>"), Threading.references(java.util.Arrays.asList("<1@x>", null, "<2@x>", "<1@x>")));
    }

    @Test
    void machineMailAndOurOwnAddressesAreNeverAcknowledged() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        Duration hour = Duration.ofHours(1);
        List<String> own = List.of("support@example.com");
        assertTrue(LoopGuard.mayAcknowledge(mail("jane@customer.example", null, List.of(), Map.of()), own, null, now, hour));
        assertFalse(LoopGuard.mayAcknowledge(mail("jane@customer.example", null, List.of(), Map.of("auto-submitted", List.of("auto-generated"))),
                own, null, now, hour));
        assertTrue(LoopGuard.mayAcknowledge(mail("jane@customer.example", null, List.of(), Map.of("auto-submitted", List.of("no"))),
                own, null, now, hour));
        assertFalse(LoopGuard.mayAcknowledge(mail("jane@customer.example", null, List.of(), Map.of("precedence", List.of("list"))), own, null, now, hour));
        assertFalse(LoopGuard.mayAcknowledge(mail("Support@Example.com", null, List.of(), Map.of()), own, null, now, hour));
        assertFalse(LoopGuard.mayAcknowledge(mail("MAILER-DAEMON@mx.example.org", null, List.of(), Map.of()), own, null, now, hour));
        assertFalse(LoopGuard.mayAcknowledge(mail("no-reply@shop.example", null, List.of(), Map.of()), own, null, now, hour));
        assertFalse(LoopGuard.mayAcknowledge(mail("jane@customer.example", null, List.of(), Map.of("return-path", List.of("<>"))), own, null, now, hour));
        assertFalse(LoopGuard.mayAcknowledge(mail(null, null, List.of(), Map.of()), own, null, now, hour));
    }

    @Test
    void aSenderIsAcknowledgedOncePerWindow() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        IncomingMail m = mail("jane@customer.example", null, List.of(), Map.of());
        assertFalse(LoopGuard.mayAcknowledge(m, List.of(), now.minusSeconds(3599), now, Duration.ofHours(1)));
        assertTrue(LoopGuard.mayAcknowledge(m, List.of(), now.minusSeconds(3600), now, Duration.ofHours(1)));
    }

    @Test
    void aNewContactsNameComesFromTheFromHeader() {
        assertEquals(List.of("Jane", "Doe"), List.of(Names.split(MailAddress.parse("Jane Doe <j@x.example>"))));
        assertEquals(List.of("Jane Mary", "Doe"), List.of(Names.split(MailAddress.parse("\"Doe, Jane Mary\" <j@x.example>"))));
        assertEquals("jane.doe", Names.split(MailAddress.parse("jane.doe@x.example"))[1]);
        assertEquals("Cher", Names.split(MailAddress.parse("Cher <c@x.example>"))[1]);
    }
}
