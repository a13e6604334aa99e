package org.rapportcrm.platform.api.mail;

/** A template filled for one record: the subject, and the HTML and/or text body (null where the template has none). */
public record RenderedMail(String subject, String html, String text) {
}
