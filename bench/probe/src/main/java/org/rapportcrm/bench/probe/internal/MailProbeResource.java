package org.rapportcrm.bench.probe.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code POST /api/v1/bench-mail/send?count=N&tag=T}: queues N personalised messages (text and HTML, about 1.2 KB, a
 * List-Unsubscribe header, like a campaign's) through the platform's mail service, from 4 threads, and answers how
 * long queueing took; the platform sends them afterwards, as it would any.
 */
@Component
public class MailProbeResource implements RestResource {
    private static final int THREADS = 4;
    private final MailService mail;

    @Activate
    public MailProbeResource(@Reference MailService mail) {
        this.mail = mail;
    }

    @Override
    public String path() {
        return "bench-mail";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("send").summary("Queues personalised messages")
                .queryParameter("count", JsonSchema.integer().minimum(1).maximum(1_000_000), true, "how many")
                .queryParameter("tag", JsonSchema.string().maxLength(40).pattern("^[a-z0-9-]+$"), true, "put in each subject")
                .response(200, "queued, seconds", JsonSchema.anyObject())
                .handler(ex -> {
                    int count = Integer.parseInt(ex.query("count"));
                    String tag = ex.query("tag");
                    long start = System.nanoTime();
                    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                    try {
                        List<Future<?>> parts = new java.util.ArrayList<>();
                        for (int t = 0; t < THREADS; t++) {
                            int first = t;
                            parts.add(pool.submit(() -> {
                                for (int i = first; i < count; i += THREADS) {
                                    mail.send(message(tag, i));
                                }
                            }));
                        }
                        for (Future<?> part : parts) {
                            part.get();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        pool.shutdown();
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("queued", count);
                    body.put("seconds", (System.nanoTime() - start) / 1e9);
                    ex.send(200, body);
                }));
    }

    private static OutgoingMail message(String tag, int n) {
        String name = "Recipient " + n;
        String unsubscribe = "https://crm.example.org/unsubscribe?c=bench&r=" + n;
        String text = "Dear " + name + ",\n\nour spring offer is here: 20% off every plan until the end of the month. "
                + "Reply to this message if you have questions; our team reads every answer.\n\nKind regards,\nThe Rapport team\n\n"
                + "Unsubscribe: " + unsubscribe + "\n";
        String html = "<html><body><p>Dear " + name + ",</p><p>our <b>spring offer</b> is here: 20% off every plan until the end "
                + "of the month. Reply to this message if you have questions; our team reads every answer.</p>"
                + "<p>Kind regards,<br>The Rapport team</p><p style=\"font-size:small;color:#666\"><a href=\"" + unsubscribe
                + "\">Unsubscribe</a></p></body></html>";
        return OutgoingMail.builder().to("recipient" + n + "@bench.example.org").subject("Spring offer for " + name + " [" + tag + "]")
                .text(text).html(html).header("List-Unsubscribe", "<" + unsubscribe + ">")
                .header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click").header("Precedence", "bulk").build();
    }
}
