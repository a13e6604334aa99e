/**
 * Mail: messages sent over SMTP from a durable queue, e-mail templates filled from records, and mailboxes read over
 * IMAP into {@link org.rapportcrm.platform.api.mail.IncomingMailHandler}s. Service (email-to-case, replies with
 * threading headers), marketing (campaign sends, bounces) and automation (rule actions, digests) share it.
 *
 * <pre>{@code
 * String id = mail.send(OutgoingMail.builder()
 *         .to("jane@example.org")
 *         .subject("Your case [#42]")
 *         .text("We are on it.")
 *         .header("In-Reply-To", "<original@example.org>")
 *         .about("case", caseId)
 *         .build());
 * mail.status(id);   // QUEUED, then SENT (or FAILED with the server's reply)
 * }</pre>
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.rapportcrm.platform.api.mail;
