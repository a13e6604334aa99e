package org.rapportcrm.platform.api.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A message is checked when it is built; what is wrong is named. */
class OutgoingMailTest {
    private static String refusedField(Runnable build) {
        return assertThrows(InvalidMailException.class, build::run).field();
    }

    @Test
    void addressesAreCheckedAndNamedByTheirField() {
        assertEquals("to", refusedField(() -> OutgoingMail.builder().to("not an address")));
        assertEquals("cc", refusedField(() -> OutgoingMail.builder().cc("jane@")));
        assertEquals("bcc", refusedField(() -> OutgoingMail.builder().bcc("jane@example")));
        assertEquals("from", refusedField(() -> OutgoingMail.builder().from("a b@example.org")));
        assertEquals("replyTo", refusedField(() -> OutgoingMail.builder().replyTo("<jane@example.org")));
        assertEquals("to", refusedField(() -> OutgoingMail.builder().to("jane@example.org\r\nBcc: all@example.org")));
    }

    @Test
    void addressesWithDisplayNamesAndInternationalDomainsAreRead() {
        MailAddress named = MailAddress.parse("\"Doe, Jane\" <jane.doe+crm@bücher.example>");
        assertEquals("jane.doe+crm@bücher.example", named.address());
        assertEquals("Doe, Jane", named.name());
        assertEquals("\"Doe, Jane\" <jane.doe+crm@bücher.example>", named.toString());
        assertEquals(named, MailAddress.parse(named.toString()));
        assertTrue(MailAddress.isValid("o'brien@example.co.uk"));
        assertFalse(MailAddress.isValid("jane..doe@example.org"));
    }

    @Test
    void headersCannotInjectLinesOrReplaceWhatThePlatformWrites() {
        assertEquals("headers.In-Reply-To", refusedField(() -> OutgoingMail.builder().header("In-Reply-To", "<a@b.c>\r\nBcc: x@y.z")));
        assertEquals("headers.Bcc", refusedField(() -> OutgoingMail.builder().header("Bcc", "x@y.z")));
        assertEquals("headers.Content-Type", refusedField(() -> OutgoingMail.builder().header("Content-Type", "text/html")));
        assertEquals("headers.Bad Name", refusedField(() -> OutgoingMail.builder().header("Bad Name", "x")));
        assertEquals("subject", refusedField(() -> OutgoingMail.builder().subject("Hello\nBcc: x@y.z")));
    }

    @Test
    void aMessageNeedsARecipientASubjectAndABody() {
        assertEquals("to", refusedField(() -> OutgoingMail.builder().subject("s").text("t").build()));
        assertEquals("subject", refusedField(() -> OutgoingMail.builder().to("a@example.org").text("t").build()));
        assertEquals("text", refusedField(() -> OutgoingMail.builder().to("a@example.org").subject("s").build()));

        OutgoingMail mail = OutgoingMail.builder().bcc("a@example.org").subject("").html("<p>x</p>")
                .header("List-Unsubscribe", "<mailto:u@example.org>").about("contact", "42").build();
        assertEquals(List.of(MailAddress.of("a@example.org")), mail.bcc());
        assertEquals("<mailto:u@example.org>", mail.headers().get("List-Unsubscribe"));
        assertEquals("contact", mail.relatedType());
    }
}
