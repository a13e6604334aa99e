package org.rapportcrm.service.knowledge.internal.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.knowledge.internal.KnowledgeTypes;

/**
 * Knowledge demo data: 40 articles across the categories, answering the demo cases' questions; most published (about
 * half of those for the portal), some drafts and articles in review, one archived, one published article with a
 * revision under way; resolved demo cases link the article that answered them, and readers' views and answers are
 * counted. The same seed gives the same data.
 */
public final class KnowledgeDemoGenerator {
    /** Category, title, summary, keywords, steps (separated by "|"), and I(nternal) or P(ortal). */
    private static final String[][] ARTICLES = {
        {"Getting started", "Signing in for the first time", "How to sign in with the invitation you received and choose a password.", "login sign in invitation password", "Open the invitation e-mail and click the link|Choose a password of at least 12 characters|Sign in with your e-mail address and the new password", "P"},
        {"Getting started", "Adding a user to your company account", "Invite a colleague so they can open and follow cases.", "add user invite colleague seat", "Go to Settings, then Users|Click Invite user and enter their e-mail address|They receive an invitation valid for 7 days", "P"},
        {"Getting started", "A tour of the dashboard", "What the tiles on your dashboard show and how to arrange them.", "dashboard tiles home widgets", "Open the home page|Drag tiles to rearrange them|Use the menu of a tile to hide it", "P"},
        {"Getting started", "Setting your language and time zone", "Choose the language and time zone used in e-mails and dates.", "language time zone locale", "Open your profile|Pick a language and a time zone|Save: dates show in your time zone at once", "P"},
        {"Getting started", "Onboarding checklist for new agents", "Everything a new service agent sets up in the first week.", "onboarding agent checklist training", "Join your queues|Set your skills and capacity|Read the escalation policy|Shadow a senior agent for two days", "I"},
        {"Account and billing", "Understanding your invoice", "What each line of the monthly invoice means and when it is charged.", "invoice amount charge line items", "Open Billing, then Invoices|Each seat is charged for the days it was active|Taxes are shown per line", "P"},
        {"Account and billing", "Correcting the VAT number on an invoice", "How to have an invoice reissued with the right VAT number.", "VAT number invoice tax correction", "Update the VAT number under Billing details|Open a case asking for the invoice to be reissued|We send the corrected invoice within two working days", "P"},
        {"Account and billing", "Duplicate charge on your card", "Why a charge may appear twice and how refunds work.", "duplicate charge card refund payment", "A pending authorisation may show beside the final charge|Authorisations disappear within 5 working days|If both were charged, open a case with the card statement", "P"},
        {"Account and billing", "Cancelling your subscription", "How to cancel, what happens to your data and when the last invoice comes.", "cancel subscription terminate contract", "Go to Billing, then Subscription|Click Cancel at the end of the term|Your data stays exportable for 30 days", "P"},
        {"Account and billing", "Getting a copy of your contract", "Where to download the signed contract and its amendments.", "contract copy agreement download", "Open Billing, then Documents|Download the signed contract as PDF|Amendments are listed under the contract", "P"},
        {"Account and billing", "Changing the payment method", "Switch from card to bank transfer or update card details.", "payment method card bank transfer", "Open Billing, then Payment method|Add the new method and make it the default|Remove the old card", "P"},
        {"Account and billing", "Refund policy for agents", "When agents may grant refunds and credits without approval.", "refund credit approval policy goodwill", "Refunds up to 100 EUR: the agent decides|Up to 500 EUR: the team lead approves|Above: the finance manager approves", "I"},
        {"Troubleshooting", "Password reset e-mail never arrives", "What to check when the reset e-mail does not reach you.", "password reset e-mail spam arrive", "Check your spam or junk folder|Ask your IT team to allow mail from our domain|Request a new reset link after 10 minutes", "P"},
        {"Troubleshooting", "Cannot sign in: account locked", "Why an account locks after failed sign-ins and how to unlock it.", "sign in locked login failed attempts", "After 5 failed attempts the account locks for 15 minutes|Wait, or use Forgot password|An administrator can unlock it at once", "P"},
        {"Troubleshooting", "Export to CSV fails or is empty", "Fixing exports that stop halfway or produce an empty file.", "export CSV fails empty download", "Narrow the list with a filter under 100,000 rows|Make sure your role may export|Try again: large exports continue where they stopped", "P"},
        {"Troubleshooting", "The dashboard is slow", "Why dashboards may load slowly and how to speed them up.", "dashboard slow performance loading", "Reduce the date range of charts|Remove tiles you do not use|Clear the browser cache and reload", "P"},
        {"Troubleshooting", "Mobile app crashes on start", "Steps when the mobile app closes right after opening.", "mobile app crash start iOS Android", "Update the app to the latest version|Restart the phone|Reinstall the app and sign in again", "P"},
        {"Troubleshooting", "Data missing after an import", "Why rows may be missing after an import and how to find them.", "import missing data rows CSV errors", "Open the import's report|Download the rejected rows with their reasons|Fix them and import the file again", "P"},
        {"Troubleshooting", "API returns 500 on upload", "What to do when file uploads through the API fail.", "API upload 500 error file size", "Check the file is under the size limit|Send the Content-Type header|Retry with the same Idempotency-Key", "P"},
        {"Troubleshooting", "Shipment delayed: what agents check", "The carrier and warehouse checks before answering a delay case.", "shipment delayed delivery carrier tracking", "Look up the tracking number with the carrier|Check the warehouse dispatch log|Offer a replacement after 10 working days", "I"},
        {"Troubleshooting", "Known issue: reports time out at month end", "A workaround while month-end reports time out.", "reports timeout month end known issue", "Schedule the report overnight|Split it by region|Engineering tracks the fix", "I"},
        {"How-to", "Adding a user with limited rights", "Create a user who only reads records.", "add user role read only rights", "Invite the user|Give them the Read only role|They can be promoted later", "P"},
        {"How-to", "Switching on dark mode", "Use the dark theme in the web and mobile apps.", "dark mode theme appearance", "Open your profile|Choose Appearance, then Dark|The mobile app follows the phone's setting", "P"},
        {"How-to", "Exporting your data", "Download all your records as CSV or JSON.", "export data download backup CSV JSON", "Open a list and set its filter|Choose Export and a format|Large exports arrive by e-mail", "P"},
        {"How-to", "Setting up two-factor sign-in", "Protect your account with an authenticator app.", "two-factor 2FA authenticator security", "Open Security in your profile|Scan the QR code with your authenticator app|Enter the code to confirm", "P"},
        {"How-to", "Writing a good case reply", "Tone and structure of replies that solve the case the first time.", "reply macro tone first contact resolution", "Thank the customer and restate the question|Give the answer or next step first|Link the knowledge article that helps", "I"},
        {"How-to", "Merging duplicate cases", "When and how agents merge duplicates.", "merge duplicate cases", "Open the duplicate case|Choose Merge and pick the master case|Replies and activities move to the master", "I"},
        {"How-to", "Escalating a case to engineering", "The information engineering needs with an escalation.", "escalate engineering bug reproduce", "Reproduce the problem and note the steps|Attach logs and screenshots|Move the case to the Technical queue with priority High", "I"},
        {"Integrations", "Connecting your mailbox", "Receive and send case e-mails from your own address.", "mailbox IMAP SMTP e-mail integration", "Ask your administrator for the IMAP and SMTP settings|Enter them under Mailboxes|Send a test message", "P"},
        {"Integrations", "Using the REST API", "Create an API token and make your first request.", "API token REST integration developer", "Create a token in your profile|Send it as a Bearer token|Start with GET /api/v1/cases", "P"},
        {"Integrations", "Webhooks for case updates", "Be told when a case changes.", "webhook events notification integration", "Create a webhook with your URL|Choose the events|Verify the signature of each delivery", "P"},
        {"Integrations", "Calendar sync with CalDAV", "See your activities in your calendar app.", "calendar CalDAV sync", "Copy the CalDAV address from your profile|Add it to your calendar app|Sign in with an app password", "P"},
        {"Security and privacy", "How we protect your data", "Encryption, backups and access controls at a glance.", "security encryption backup privacy GDPR", "Data is encrypted in transit and at rest|Backups run nightly|Access is logged and reviewed", "P"},
        {"Security and privacy", "Requesting deletion of personal data", "How a person's data is deleted on request (GDPR).", "GDPR deletion personal data request erase", "Open a case with the person's e-mail address|We confirm the identity|Data is deleted within 30 days", "P"},
        {"Security and privacy", "Handling a suspected phishing report", "What agents do when a customer reports phishing.", "phishing security incident report", "Do not open links in the reported message|Forward it to the security team|Reset the customer's sessions", "I"},
        {"Policies", "Service hours and response times", "When we answer and how fast, by support plan.", "service hours SLA response time support plan", "Standard: business days 8:00 to 18:00|Gold and Platinum: faster first responses|Urgent cases: within one hour", "P"},
        {"Policies", "Our fair use policy", "What counts as fair use of storage and API calls.", "fair use storage API limits", "Storage: 10 GB per seat|API: 100 requests per second per token|We contact you before any limit applies", "P"},
        {"Policies", "Escalation policy for breached SLAs", "Who is told and what happens when an SLA is breached.", "SLA breach escalation manager", "A warning at 80 % of the target|On breach the case moves to the lead's queue|The manager is notified", "I"},
        {"Policies", "Feature requests: how we decide", "How feature requests are collected and prioritised.", "feature request roadmap vote", "Open a case of category Feature request|Requests are reviewed monthly|Popular requests reach the roadmap", "P"},
        {"Policies", "Old pricing (2024)", "The pricing that applied until the end of 2024.", "pricing 2024 old plans", "Standard: 25 EUR per seat|Premium: 45 EUR per seat|Replaced by the 2025 plans", "P"},
    };

    private final RecordService records;

    public KnowledgeDemoGenerator(RecordService records) {
        this.records = records;
    }

    /** Generates everything; returns how many records were written. */
    public int generate(long seed) {
        Random random = new Random(seed);
        Actor system = Actor.system();
        List<Record> published = new ArrayList<>();
        int written = 0;
        for (int i = 0; i < ARTICLES.length; i++) {
            String[] a = ARTICLES[i];
            // Every seventh is a draft, every eleventh in review; the old pricing is archived.
            String status = a[1].startsWith("Old pricing") ? KnowledgeTypes.PUBLISHED
                    : i % 7 == 3 ? KnowledgeTypes.DRAFT : i % 11 == 5 ? KnowledgeTypes.IN_REVIEW : KnowledgeTypes.PUBLISHED;
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("category", a[0]);
            values.put("title", a[1]);
            values.put("summary", a[2]);
            values.put("keywords", a[3]);
            values.put("body", body(a[2], a[4]));
            values.put("visibility", "P".equals(a[5]) ? KnowledgeTypes.PORTAL : KnowledgeTypes.INTERNAL);
            values.put("status", status);
            Record article = records.create(system, KnowledgeTypes.ARTICLE, values);
            written += KnowledgeTypes.PUBLISHED.equals(status) ? 2 : 1;
            if (a[1].startsWith("Old pricing")) {
                records.update(system, KnowledgeTypes.ARTICLE, article.getId(), article.getVersion(), Map.of("status", KnowledgeTypes.ARCHIVED));
            } else if (KnowledgeTypes.PUBLISHED.equals(status)) {
                published.add(article);
            }
        }
        written += reviseOne(system, published.get(1));
        written += linkResolvedCases(system, random, published);
        for (Record article : published) {
            int views = 5 + random.nextInt(200);
            int yes = random.nextInt(views / 4 + 1);
            int no = random.nextInt(views / 10 + 1);
            Record current = records.get(system, KnowledgeTypes.ARTICLE, article.getId());
            records.update(system, KnowledgeTypes.ARTICLE, article.getId(), current.getVersion(),
                    Map.of("views", views, "helpfulYes", yes, "helpfulNo", no));
        }
        return written;
    }

    /** A second version published and a third under way, so the history and the revision workflow show. */
    private int reviseOne(Actor system, Record article) {
        Record current = records.get(system, KnowledgeTypes.ARTICLE, article.getId());
        current = records.update(system, KnowledgeTypes.ARTICLE, article.getId(), current.getVersion(),
                Map.of("summary", current.get("summary") + " Updated for the new invitation e-mails."));
        Map<String, Object> revision = new LinkedHashMap<>();
        for (String field : KnowledgeTypes.CONTENT) {
            revision.put(field, current.get(field));
        }
        revision.put("title", current.get("title") + " (new screenshots)");
        revision.put("revisionOf", article.getId());
        revision.put("status", KnowledgeTypes.IN_REVIEW);
        records.create(system, KnowledgeTypes.ARTICLE, revision);
        return 3;
    }

    /** Resolved cases link the published article that shares most words with their subject, as an agent would have. */
    private int linkResolvedCases(Actor system, Random random, List<Record> published) {
        int written = 0;
        List<Record> resolved = records.all(system, Query.of(Cases.TYPE).where(Filter.in("status", List.of(Cases.RESOLVED, Cases.CLOSED)))
                .limit(Query.MAX_LIMIT));
        for (Record c : resolved) {
            Record best = bestMatch(String.valueOf(c.get("subject")), published);
            if (best != null && random.nextInt(4) > 0) {
                records.create(system, KnowledgeTypes.CASE_ARTICLE, Map.of("case", c.getId(), "article", best.getId()));
                written++;
            }
        }
        return written;
    }

    private static Record bestMatch(String subject, List<Record> articles) {
        List<String> words = List.of(subject.toLowerCase().split("\\W+"));
        Record best = null;
        long bestScore = 1;
        for (Record a : articles) {
            String text = (a.get("title") + " " + a.get("keywords")).toLowerCase();
            long score = words.stream().filter(w -> w.length() > 3 && text.contains(w)).count();
            if (score > bestScore || score == bestScore && best == null) {
                best = a;
                bestScore = score;
            }
        }
        return best;
    }

    private static String body(String summary, String steps) {
        StringBuilder html = new StringBuilder("<p>").append(summary).append("</p><ol>");
        for (String step : steps.split("\\|")) {
            html.append("<li>").append(step).append("</li>");
        }
        return html.append("</ol><p>Still stuck? Reply to your case and mention this article.</p>").toString();
    }
}
