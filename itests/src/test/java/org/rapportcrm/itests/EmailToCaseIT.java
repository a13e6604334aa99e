package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.rapportcrm.itests.RestClient.Response;

/**
 * E-mail to case in the real distribution (one Karaf for the class) against a real SMTP and IMAP server, GreenMail:
 * a customer's message sent over SMTP to the support mailbox becomes a case with an SLA due time and an
 * acknowledgement; the agent's reply arrives in the customer's IMAP inbox threaded; the customer's answer threads into
 * the same case; an auto-submitted message and a bounce open no case (the bounce is kept on the case it is about); a
 * sales user neither reads the thread nor replies.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class EmailToCaseIT {
    private static final String HTTP_PORT = RapportExam.port(18981);
    private static final int SMTP = Integer.parseInt(RapportExam.port(18925));
    private static final int IMAP = Integer.parseInt(RapportExam.port(18943));
    private static final int API = Integer.parseInt(RapportExam.port(18980));
    private static final String ROOT = "http://localhost:" + HTTP_PORT + "/api/v1";
    private static final String CUSTOMER = "carla@customer.test";
    private static final GreenMail greenMail = new GreenMail(SMTP, IMAP, API, "support:secret@rapport.test");
    private static final RestClient admin = new RestClient(ROOT).basic("admin", RapportExam.ADMIN_PASSWORD);
    /** What the steps hand on to each other: one boot, one story. */
    private static final Map<String, String> ids = new LinkedHashMap<>();

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(RapportExam.distribution(HTTP_PORT, RapportExam.port(18901))));
        options.addAll(greenMail.karafOptions("crm@rapport.test"));
        return options.toArray(Option[]::new);
    }

    @Test
    public void a_anAdministratorSetsUpAQueueAnSlaAndTheSupportMailbox() throws Exception {
        greenMail.ensureRunning();
        GreenMail.await("the API", 120, () -> admin.get("/metadata").status() == 200);
        Response installed = admin.post("/admin/capabilities/rapport-service", Map.of());
        assertTrue(installed.raw().body(), installed.status() == 201 || installed.status() == 200);
        GreenMail.await("the e-mail types", 90, () -> admin.get("/metadata/caseMessage").status() == 200);
        ids.put("sam", user("sam", "service"));
        ids.put("sally", user("sally", "sales"));

        ids.put("queue", created(admin.post("/queues", Map.of("name", "E-mail support", "routing", "Manual"))).path("id").asText());
        Map<String, Object> calendar = new LinkedHashMap<>(Map.of("name", "Always", "timeZone", "UTC"));
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            calendar.put(day, "00:00-00:00");
        }
        String calendarId = created(admin.post("/businessCalendars", calendar)).path("id").asText();
        String policy = created(admin.post("/slaPolicies", Map.of("name", "E-mail", "position", 1, "calendar", calendarId))).path("id").asText();
        created(admin.post("/slaTargets", Map.of("slaPolicy", policy, "priority", "High", "firstResponseMinutes", 60, "resolutionMinutes", 480)));
        String ack = created(admin.post("/emailTemplates", Map.of("name", "Case received", "recordType", "case",
                "subject", "We received your message: {{ record.subject }}", "textBody", "Your case number is {{ record.caseNumber }}."))).path("id").asText();

        Response badName = admin.post("/serviceMailboxes", Map.of("name", "support desk", "address", "support@rapport.test"));
        assertEquals(badName.raw().body(), 422, badName.status());
        assertEquals("name", badName.problemField());
        created(admin.post("/serviceMailboxes", Map.of("name", "support", "address", "support@rapport.test", "displayName", "Rapport Support",
                "queue", ids.get("queue"), "priority", "High", "acknowledgementTemplate", ack)));
    }

    @Test
    public void b_aMessageSentOverSmtpBecomesACaseWithAnSlaDueTimeAndIsAcknowledged() throws Exception {
        greenMail.ensureRunning();
        MimeMessage question = message("Carla Customer <" + CUSTOMER + ">", "Printer on fire", m -> { });
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("It is really burning since this morning.", "UTF-8");
        MimeBodyPart photo = new MimeBodyPart();
        photo.setDataHandler(new DataHandler(new ByteArrayDataSource("smoke log".getBytes(StandardCharsets.UTF_8), "text/plain")));
        photo.setFileName("smoke.txt");
        parts.addBodyPart(text);
        parts.addBodyPart(photo);
        question.setContent(parts);
        send(question);
        ids.put("question", question.getMessageID());

        JsonNode c = awaitCase("Printer on fire");
        ids.put("case", c.path("id").asText());
        assertEquals("Email", c.path("channel").asText());
        assertEquals("High", c.path("priority").asText());
        assertEquals(ids.get("queue"), c.path("queue").asText());
        assertTrue("an SLA due time on the business calendar: " + c, c.path("firstResponseDueAt").isTextual() && c.path("slaDueAt").isTextual());
        assertEquals("It is really burning since this morning.", c.path("description").asText());
        JsonNode contact = admin.get("/contacts/" + c.path("contact").asText()).body();
        assertEquals(CUSTOMER, contact.path("email").asText());
        assertEquals("Customer", contact.path("lastName").asText());
        JsonNode files = admin.get("/cases/" + ids.get("case") + "/files").body();
        assertTrue(files.toString(), files.toString().contains("smoke.txt"));

        String number = c.path("caseNumber").asText();
        MimeMessage ack = greenMail.awaitMessage(CUSTOMER, m -> GreenMail.subject(m).startsWith("We received"), 60);
        assertEquals("We received your message: Printer on fire [" + number + "]", ack.getSubject());
        assertEquals("auto-replied", ack.getHeader("Auto-Submitted", null));
        assertEquals(question.getMessageID(), ack.getHeader("In-Reply-To", null));
        assertEquals("support@rapport.test", ((InternetAddress) ack.getFrom()[0]).getAddress());
    }

    @Test
    public void c_theAgentsReplyArrivesInTheCustomersInboxThreaded() throws Exception {
        greenMail.ensureRunning();
        RestClient sam = as("sam");
        Response noText = sam.post("/cases/" + ids.get("case") + "/reply", Map.of("status", "Waiting on customer"));
        assertEquals(noText.raw().body(), 400, noText.status() / 100 * 100);
        assertEquals("text", noText.problemField());
        Response badCc = sam.post("/cases/" + ids.get("case") + "/reply", Map.of("text", "x", "cc", List.of("not an address")));
        assertEquals(badCc.raw().body(), 422, badCc.status());
        assertEquals("cc", badCc.problemField());

        Response replied = sam.post("/cases/" + ids.get("case") + "/reply", Map.of("text", "We are sending a technician.",
                "status", "Waiting on customer"));
        JsonNode kept = created(replied);
        ids.put("reply", kept.path("messageId").asText());

        String number = admin.get("/cases/" + ids.get("case")).body().path("caseNumber").asText();
        MimeMessage reply = greenMail.awaitMessage(CUSTOMER, "Re: Printer on fire [" + number + "]", 60);
        assertEquals(ids.get("reply"), reply.getMessageID());
        assertEquals(ids.get("question"), reply.getHeader("In-Reply-To", null));
        String references = reply.getHeader("References", " ");
        assertTrue(references, references.contains(ids.get("question")));
        assertEquals("support@rapport.test", ((InternetAddress) reply.getFrom()[0]).getAddress());
        assertEquals("We are sending a technician.", String.valueOf(reply.getContent()).trim());

        JsonNode c = admin.get("/cases/" + ids.get("case")).body();
        assertTrue("the first response is recorded: " + c, c.path("firstResponseAt").isTextual());
        assertEquals("Waiting on customer", c.path("status").asText());
    }

    @Test
    public void d_theCustomersAnswerThreadsIntoTheSameCaseAndReopensIt() throws Exception {
        greenMail.ensureRunning();
        MimeMessage answer = message(CUSTOMER, "Re: Printer on fire", m -> {
            m.setHeader("In-Reply-To", ids.get("reply"));
            m.setHeader("References", ids.get("question") + " " + ids.get("reply"));
        });
        answer.setText("The technician may come tomorrow.");
        send(answer);
        GreenMail.await("the answer in the case's thread", 60, () -> thread().toString().contains("The technician may come tomorrow."));
        JsonNode c = admin.get("/cases/" + ids.get("case")).body();
        assertEquals("Open", c.path("status").asText());
        assertEquals(1, countCases());
        List<String> directions = new ArrayList<>();
        thread().forEach(m -> directions.add(m.path("direction").asText() + " " + m.path("kind").asText()));
        assertEquals(List.of("Inbound Message", "Outbound Acknowledgement", "Outbound Message", "Inbound Message"), directions);
    }

    @Test
    public void e_anAutoSubmittedMessageAndABounceOpenNoCase() throws Exception {
        greenMail.ensureRunning();
        MimeMessage outOfOffice = message("robot@customer.test", "Automatic reply: away", m -> m.setHeader("Auto-Submitted", "auto-replied"));
        outOfOffice.setText("I am away.");
        send(outOfOffice);
        String dsn = String.join("\r\n",
                "From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>", "To: support@rapport.test",
                "Subject: Undelivered Mail Returned to Sender", "Message-ID: <bounce-e2c-1@mx.customer.test>", "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"", "", "--B",
                "Content-Type: text/plain", "", "Your message could not be delivered.", "", "--B",
                "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.customer.test", "",
                "Final-Recipient: rfc822; " + CUSTOMER, "Action: failed", "Status: 5.2.2",
                "Diagnostic-Code: smtp; 552 Mailbox full", "", "--B", "Content-Type: text/rfc822-headers", "",
                "Message-ID: " + ids.get("reply"), "Subject: Re: Printer on fire", "", "--B--", "");
        send(new MimeMessage(session(), new ByteArrayInputStream(dsn.getBytes(StandardCharsets.US_ASCII))));

        // The mailbox is read in order: once the bounce is on the case, the out-of-office reply before it was handled too.
        GreenMail.await("the bounce on the case", 60, () -> thread().toString().contains("Bounce"));
        assertTrue(thread().toString(), thread().toString().contains("failed 5.2.2 " + CUSTOMER));
        assertEquals("neither opened a case", 1, countCases());
    }

    @Test
    public void f_aSalesUserNeitherReadsTheThreadNorReplies() {
        RestClient sally = as("sally");
        assertEquals(200, sally.get("/cases/" + ids.get("case")).status());
        Response read = sally.get("/caseMessages?filter=" + RestClient.q("case eq '" + ids.get("case") + "'"));
        assertTrue(read.raw().body(), read.status() == 403 || read.status() == 200 && read.body().path("items").size() == 0);
        int before = thread().size();
        Response reply = sally.post("/cases/" + ids.get("case") + "/reply", Map.of("text", "Sales here"));
        assertTrue(reply.raw().body(), reply.status() == 403 || reply.status() == 404);
        assertEquals(before, thread().size());
        assertEquals(200, as("sam").get("/caseMessages?filter=" + RestClient.q("case eq '" + ids.get("case") + "'")).status());
    }

    private static JsonNode thread() {
        Response r = admin.get("/caseMessages?sort=createdAt&limit=100&filter=" + RestClient.q("case eq '" + ids.get("case") + "'"));
        return r.body().path("items");
    }

    private static long countCases() {
        return admin.get("/cases?count=true&limit=1").body().path("total").asLong();
    }

    private static JsonNode awaitCase(String subject) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        GreenMail.await("a case '" + subject + "'", 60, () -> {
            JsonNode items = admin.get("/cases?filter=" + RestClient.q("subject eq '" + subject + "'")).body().path("items");
            found[0] = items.size() > 0 ? items.get(0) : null;
            return found[0] != null;
        });
        return found[0];
    }

    private interface Headers {
        void set(MimeMessage m) throws Exception;
    }

    /** A message with a Message-ID of the customer's domain that stays what it is when it is sent. */
    private static MimeMessage message(String from, String subject, Headers headers) throws Exception {
        String id = "<" + UUID.randomUUID() + "@customer.test>";
        MimeMessage m = new MimeMessage(session()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("support@rapport.test"));
        m.setSubject(subject, "UTF-8");
        headers.set(m);
        return m;
    }

    private static void send(MimeMessage m) throws Exception {
        Transport.send(m);
    }

    private static Session session() {
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", "127.0.0.1");
        smtp.put("mail.smtp.port", String.valueOf(SMTP));
        return Session.getInstance(smtp);
    }

    private static String user(String name, String role) {
        return created(admin.post("/users", Map.of("userName", name, "displayName", name, "email", name + "@rapport.test",
                "password", "password-" + name, "roles", List.of(role)))).path("id").asText();
    }

    private static RestClient as(String user) {
        return new RestClient(ROOT).basic(user, "password-" + user);
    }

    private static JsonNode created(Response r) {
        assertEquals(r.raw().body(), 201, r.status());
        return r.body();
    }

}
