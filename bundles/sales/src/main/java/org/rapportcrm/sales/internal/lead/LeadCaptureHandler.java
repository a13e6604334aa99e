package org.rapportcrm.sales.internal.lead;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /forms/leads/{formKey}}: a visitor's web-form submission becomes a lead, without a login. The checks run
 * cheapest first (method, rate limit, form, media type, size, syntax, honeypot, fields), so floods and bots cost
 * little. The lead is created as the system through {@link RecordService}, so the platform's validation and the
 * lead triggers (duplicates, assignment, scoring) apply as to any lead. Errors name the FORM's fields, which is what
 * the page that posted knows.
 */
final class LeadCaptureHandler {
    static final String MOUNT = "/forms";
    /** Lead fields the capture process sets; a public form must not, whatever it posts or maps. */
    static final Set<String> PROTECTED = Set.of("status", "score", "scoreExplanation", "webForm", "source", "matchedLead",
            "matchedContact", "convertedAt", "convertedAccount", "convertedContact", "convertedOpportunity");
    private static final Logger LOG = LoggerFactory.getLogger(LeadCaptureHandler.class);
    private static final Pattern FORM_PATH = Pattern.compile("/leads/([^/]+)/?");
    private static final Pattern JSON = Pattern.compile("application/([a-z0-9.+-]+\\+)?json");
    private static final String FORM_ENCODED = "application/x-www-form-urlencoded";

    private final RecordService records;
    private final MetadataService metadata;
    private final RateLimiter limiter;
    private final boolean trustProxy;
    private final long maxBodyBytes;
    private final RedirectTargets redirects;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    LeadCaptureHandler(RecordService records, MetadataService metadata, RateLimiter limiter, boolean trustProxy, long maxBodyBytes,
            RedirectTargets redirects) {
        this.redirects = redirects;
        this.records = records;
        this.metadata = metadata;
        this.limiter = limiter;
        this.trustProxy = trustProxy;
        this.maxBodyBytes = maxBodyBytes;
    }

    CaptureResponse handle(CaptureRequest req) {
        // Forms live on other sites: let their scripts post and read the answer. No cookies are involved, so "*" is safe.
        return respond(req).withHeader("Access-Control-Allow-Origin", "*");
    }

    private CaptureResponse respond(CaptureRequest req) {
        String path = req.path() == null ? "" : req.path();
        String instance = MOUNT + path;
        if ("OPTIONS".equals(req.method())) {
            return new CaptureResponse(204, Map.of("Access-Control-Allow-Methods", "POST",
                    "Access-Control-Allow-Headers", "Content-Type", "Access-Control-Max-Age", "86400"), null, null);
        }
        if (!"POST".equals(req.method())) {
            return CaptureResponse.problem(405, "Method not allowed", "Forms are submitted with POST", instance, List.of())
                    .withHeader("Allow", "POST, OPTIONS");
        }
        Matcher formPath = FORM_PATH.matcher(path);
        if (!formPath.matches()) {
            return CaptureResponse.problem(404, "Not found", "No form endpoint at " + instance, instance, List.of());
        }
        long wait = limiter.acquire(clientAddress(req));
        if (wait > 0) {
            return CaptureResponse.problem(429, "Too many requests", "Too many submissions from this address; try again in "
                    + wait + " seconds", instance, List.of()).withHeader("Retry-After", Long.toString(wait));
        }
        String formKey = formPath.group(1);
        Optional<WebForm> form = activeForm(formKey);
        if (form.isEmpty()) {
            return CaptureResponse.problem(404, "Not found", "No active web form '" + formKey + "'", instance, List.of());
        }
        String mediaType = req.contentType() == null ? "" : req.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
        boolean formEncoded = mediaType.equals(FORM_ENCODED);
        if (!formEncoded && !JSON.matcher(mediaType).matches()) {
            return unsupported(instance);
        }
        Charset charset;
        try {
            charset = charset(req.contentType());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return unsupported(instance);
        }
        if (req.contentLength() > maxBodyBytes) {
            return tooLarge(instance);
        }
        byte[] body;
        try {
            body = req.body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            return CaptureResponse.problem(400, "Bad request", "The request body could not be read", instance, List.of());
        }
        if (body.length > maxBodyBytes) {
            return tooLarge(instance);
        }
        FormBody.Fields fields;
        try {
            fields = formEncoded ? FormBody.urlEncoded(body, charset) : FormBody.json(mapper, body);
        } catch (FormBody.MalformedBody e) {
            return CaptureResponse.problem(400, "Bad request", e.getMessage(), instance, List.of());
        }
        return submit(form.get(), fields, formEncoded, instance);
    }

    private CaptureResponse submit(WebForm form, FormBody.Fields fields, boolean formEncoded, String instance) {
        Map<String, String> values = new LinkedHashMap<>(fields.values());
        String honeypot = form.honeypotField() == null ? null : values.remove(form.honeypotField());
        if (honeypot != null && !honeypot.isBlank()) {
            // Answer as if accepted, so the bot learns nothing.
            LOG.debug("Honeypot field '{}' of web form '{}' was filled; nothing created", form.honeypotField(), form.formKey());
            return accepted(form, formEncoded, UUID.randomUUID().toString());
        }
        // A checkbox is the visitor's answer, never a lead field, whatever its name.
        Map<String, String> ticks = new LinkedHashMap<>();
        form.consents().forEach(box -> ticks.put(box.formField(), values.remove(box.formField())));
        Set<String> capturable = capturableLeadFields();
        FieldMapping.Mapped mapped = form.mapping().apply(values, capturable);
        List<FieldError> errors = new ArrayList<>();
        for (String formField : fields.nested()) {
            if (form.mapping().target(formField, capturable).isPresent() || ticks.containsKey(formField)) {
                errors.add(new FieldError(formField, "type", "must be a single value"));
            }
        }
        for (String leadField : form.requiredFields()) {
            if (!mapped.leadValues().containsKey(leadField)) {
                errors.add(new FieldError(form.mapping().formFieldFor(leadField, mapped), "required", "is required"));
            }
        }
        for (ConsentCheckbox box : form.consents()) {
            if (box.required() && !box.tickedIn(ticks.get(box.formField())) && !fields.nested().contains(box.formField())) {
                errors.add(new FieldError(box.formField(), "required", "must be ticked"));
            }
        }
        if (!errors.isEmpty()) {
            return invalid(errors, instance);
        }
        Map<String, Object> lead = new LinkedHashMap<>(mapped.leadValues());
        lead.put("status", "New");
        lead.put("webForm", form.formKey());
        if (form.leadSource() != null) {
            lead.put("source", form.leadSource());
        }
        Record created;
        try {
            created = records.inTransaction(() -> {
                Record made = records.create(Actor.system(), SalesTypes.LEAD, lead);
                records.create(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, submission(form, made, ticks));
                return made;
            });
        } catch (ValidationException e) {
            return invalid(e.getErrors().stream().map(err -> new FieldError(form.mapping().formFieldFor(err.field(), mapped),
                    err.code(), err.message())).toList(), instance);
        }
        LOG.debug("Web form '{}' created lead {}", form.formKey(), created.getId());
        return accepted(form, formEncoded, created.getId());
    }

    /**
     * The submission as other capabilities read it: who (the lead, its address and name, and the contact with that
     * address if there is one) and what the visitor answered to each consent checkbox, with the text shown.
     */
    private Map<String, Object> submission(WebForm form, Record lead, Map<String, String> ticks) {
        List<Map<String, Object>> consents = new ArrayList<>();
        for (ConsentCheckbox box : form.consents()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("field", box.formField());
            c.put("purpose", box.purpose());
            c.put("label", box.label());
            c.put("required", box.required());
            c.put("ticked", box.tickedIn(ticks.get(box.formField())));
            consents.add(c);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("summary", "Web form " + form.formKey());
        s.put("lead", lead.getId());
        s.put("webForm", form.formKey());
        s.put("email", lead.get("email"));
        s.put("firstName", lead.get("firstName"));
        s.put("lastName", lead.get("lastName"));
        try {
            s.put("consents", mapper.writeValueAsString(consents));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Consents of a web form submission could not be written", e);
        }
        // The duplicate check has pointed the lead at the contact with the same address, if there is one.
        s.put("contact", lead.get("matchedContact"));
        s.put("submittedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return s;
    }

    /**
     * A browser posting a plain HTML form goes on to the form's thank-you page; scripts get JSON. The redirect is checked
     * again here, since the allowed sites may have changed since the form was saved.
     */
    private CaptureResponse accepted(WebForm form, boolean formEncoded, String leadId) {
        if (formEncoded && form.redirectUrl() != null) {
            if (redirects.allows(form.redirectUrl())) {
                return CaptureResponse.redirect(form.redirectUrl());
            }
            LOG.warn("Web form '{}' redirects to {}, which is no longer allowed; answering without a redirect", form.formKey(), form.redirectUrl());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", leadId);
        body.put("status", "received");
        return CaptureResponse.json(201, body);
    }

    private Optional<WebForm> activeForm(String formKey) {
        return records.query(Actor.system(), Query.of(SalesTypes.WEB_FORM).where(Filter.eq("formKey", formKey)).limit(1))
                .items().stream().findFirst().map(WebForm::of).filter(WebForm::active);
    }

    /** Lead fields a form may fill: all but the process's own and references (a visitor must not link records). */
    private Set<String> capturableLeadFields() {
        return metadata.type(SalesTypes.LEAD).orElseThrow(() -> new IllegalStateException("The lead type is not registered"))
                .getFields().stream()
                .filter(f -> !PROTECTED.contains(f.getApiName()) && f.getType() != FieldType.REFERENCE && f.getType() != FieldType.OWNER)
                .map(FieldDefinition::getApiName).collect(Collectors.toSet());
    }

    private String clientAddress(CaptureRequest req) {
        if (trustProxy && req.forwardedFor() != null && !req.forwardedFor().isBlank()) {
            String[] hops = req.forwardedFor().split(",");
            return hops[hops.length - 1].strip();
        }
        return req.remoteAddress() == null ? "unknown" : req.remoteAddress();
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static CaptureResponse invalid(List<FieldError> errors, String instance) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return CaptureResponse.problem(422, "Validation failed", detail, instance, errors);
    }

    private static CaptureResponse unsupported(String instance) {
        return CaptureResponse.problem(415, "Unsupported media type",
                "Send the form as application/x-www-form-urlencoded or application/json", instance, List.of());
    }

    private CaptureResponse tooLarge(String instance) {
        return CaptureResponse.problem(413, "Payload too large", "A form submission may be at most " + maxBodyBytes / 1024 + " KB",
                instance, List.of());
    }
}
