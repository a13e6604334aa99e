package org.rapportcrm.bench.probe.internal;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.IncomingMailHandler;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code POST /api/v1/bench-email/handle?count=N&mailbox=M&tag=T}: hands N new customer messages (about 1.2 KB of text,
 * senders from a pool of 500 addresses) to the installed mail handlers one at a time, as the platform does for one
 * mailbox, and answers how long they took and the heap used after a GC: what e-mail to case costs without IMAP.
 */
@Component
public class EmailToCaseProbeResource implements RestResource {
    private static final int SENDERS = 500;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            fieldOption = FieldOption.UPDATE)
    final List<IncomingMailHandler> handlers = new CopyOnWriteArrayList<>();

    @Override
    public String path() {
        return "bench-email";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("handle").summary("Hands new messages to the mail handlers")
                .queryParameter("count", JsonSchema.integer().minimum(1).maximum(1_000_000), true, "how many")
                .queryParameter("mailbox", JsonSchema.string().maxLength(100).pattern("^[A-Za-z0-9._-]+$"), true, "the mailbox they come from")
                .queryParameter("tag", JsonSchema.string().maxLength(40).pattern("^[a-z0-9-]+$"), true, "put in each subject and id")
                .response(200, "handled, seconds, heap", JsonSchema.anyObject())
                .handler(ex -> {
                    int count = Integer.parseInt(ex.query("count"));
                    String mailbox = ex.query("mailbox");
                    String tag = ex.query("tag");
                    long start = System.nanoTime();
                    for (int i = 0; i < count; i++) {
                        IncomingMail mail = message(mailbox, tag, i);
                        for (IncomingMailHandler handler : handlers) {
                            try {
                                handler.handle(mail);
                            } catch (Exception e) {
                                throw new IllegalStateException("handler failed on message " + i, e);
                            }
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.gc();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("handled", count);
                    body.put("seconds", seconds);
                    body.put("heapUsedAfterGcMb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1_048_576);
                    ex.send(200, body);
                }));
    }

    private static IncomingMail message(String mailbox, String tag, int n) {
        int sender = n % SENDERS;
        String text = ("Hello support,\n\nsince this morning the export of my invoices fails with an error after a few seconds. "
                + "I tried two browsers and cleared the cache; the problem stays. Order number " + (100_000 + n) + ". "
                + "Could you please have a look? It is urgent because our accountant needs the files today.\n\n").repeat(3)
                + "Best regards,\nCustomer " + sender;
        return new IncomingMail(mailbox, "<bench-" + tag + "-" + n + "@customer.bench>", null, List.of(),
                MailAddress.of("customer" + sender + "@customer.bench", "Customer " + sender), List.of(MailAddress.of("support@rapport.bench")),
                List.of(), "Export fails " + tag + " " + n, Instant.now(), text, null, List.of(), Map.of(), null);
    }
}
