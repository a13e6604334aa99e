package org.rapportcrm.sync.dav.internal;

import static org.rapportcrm.sync.dav.internal.DavXml.CALSERVER;
import static org.rapportcrm.sync.dav.internal.DavXml.CARDDAV;
import static org.rapportcrm.sync.dav.internal.DavXml.DAV;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.namespace.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RequestAuthenticator;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.SignInThrottledException;
import org.rapportcrm.sync.dav.internal.DavXml.MultiStatus;
import org.rapportcrm.sync.dav.internal.DavXml.MultiStatus.Value;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;
import org.w3c.dom.Element;

/**
 * CardDAV (RFC 6352) at {@code /dav/}: each user's contacts as one address book, with RFC 6578 sync-collection.
 * Custom methods (PROPFIND, REPORT) reach {@link #service} on Pax Web; callers sign in with HTTP Basic (their password
 * or an API token) through the platform's authenticator. It turns HTTP into calls of the {@link AddressBook}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/dav/*")
@HttpWhiteboardServletName("rapport-dav")
public class DavServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String SYNC_TOKEN_PREFIX = "http://rapportcrm.org/ns/sync/";
    private static final int MAX_CARD_BYTES = 1 << 20;
    private static final String VCARD = "text/vcard; charset=utf-8";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private static final QName RESOURCETYPE = new QName(DAV, "resourcetype");
    private static final QName DISPLAYNAME = new QName(DAV, "displayname");
    private static final QName CURRENT_USER_PRINCIPAL = new QName(DAV, "current-user-principal");
    private static final QName PRINCIPAL_URL = new QName(DAV, "principal-URL");
    private static final QName OWNER = new QName(DAV, "owner");
    private static final QName HOME_SET = new QName(CARDDAV, "addressbook-home-set");
    private static final QName SYNC_TOKEN = new QName(DAV, "sync-token");
    private static final QName CTAG = new QName(CALSERVER, "getctag");
    private static final QName SUPPORTED_REPORTS = new QName(DAV, "supported-report-set");
    private static final QName SUPPORTED_DATA = new QName(CARDDAV, "supported-address-data");
    private static final QName PRIVILEGES = new QName(DAV, "current-user-privilege-set");
    private static final QName GETETAG = new QName(DAV, "getetag");
    private static final QName CONTENTTYPE = new QName(DAV, "getcontenttype");
    private static final QName LASTMODIFIED = new QName(DAV, "getlastmodified");
    private static final QName ADDRESS_DATA = new QName(CARDDAV, "address-data");

    private final transient RequestAuthenticator authenticator;
    private final transient AddressBook book;

    @Activate
    public DavServlet(@Reference RequestAuthenticator authenticator, @Reference AddressBook book) {
        this.authenticator = authenticator;
        this.book = book;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        if (method.equals("OPTIONS")) {
            resp.setHeader("DAV", "1, 3, addressbook");
            resp.setHeader("Allow", "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT");
            resp.setStatus(200);
            return;
        }
        Actor actor;
        try {
            actor = authenticator.authenticate(req);
        } catch (RestException e) {
            if (e.getStatus() == 401) {
                resp.setHeader("WWW-Authenticate", "Basic realm=\"Rapport\", charset=\"UTF-8\"");
            }
            plain(resp, e.getStatus(), e.getMessage());
            return;
        } catch (SignInThrottledException e) {
            resp.setHeader("Retry-After", String.valueOf(e.getRetryAfterSeconds()));
            plain(resp, 429, e.getMessage());
            return;
        }
        DavPath path = DavPath.of(req.getPathInfo());
        if (path.kind() == DavPath.Kind.UNKNOWN) {
            plain(resp, 404, "Nothing here");
            return;
        }
        if (path.user() != null && !path.user().equals(actor.userName())) {
            plain(resp, 403, "This is another user's; yours is at " + DavPath.home(actor.userName()));
            return;
        }
        try {
            switch (method) {
                case "PROPFIND" -> propfind(req, resp, actor, path);
                case "REPORT" -> report(req, resp, actor, path);
                case "GET", "HEAD" -> get(req, resp, actor, path, method.equals("HEAD"));
                case "PUT" -> put(req, resp, actor, path);
                case "DELETE" -> delete(req, resp, actor, path);
                case "MKCOL", "PROPPATCH", "MKCALENDAR", "COPY", "MOVE", "LOCK", "UNLOCK", "POST" ->
                        plain(resp, 403, "Rapport's address books are fixed: " + method + " is not allowed here");
                default -> {
                    resp.setHeader("Allow", "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT");
                    plain(resp, 405, method + " is not supported");
                }
            }
        } catch (DavXml.BadXml e) {
            plain(resp, 400, e.getMessage());
        } catch (InvalidSyncTokenException e) {
            error(resp, 403, DAV, "valid-sync-token", e.getMessage());
        } catch (ContactCards.BadCard e) {
            error(resp, 400, CARDDAV, "valid-address-data", e.getMessage());
        } catch (ValidationException e) {
            error(resp, 400, CARDDAV, "valid-address-data", e.getMessage());
        } catch (AddressBook.UidTaken e) {
            error(resp, 403, CARDDAV, "no-uid-conflict", DavPath.card(actor.userName(), e.holderName));
        } catch (AccessDeniedException e) {
            error(resp, 403, DAV, "need-privileges", e.getMessage());
        } catch (RecordNotFoundException e) {
            plain(resp, 404, e.getMessage());
        } catch (StaleVersionException e) {
            plain(resp, 412, e.getMessage());
        }
    }

    private void propfind(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path) throws IOException, DavXml.BadXml {
        // No Depth means infinity (RFC 4918), which is refused when asked for; clients that leave it out get 1.
        String depth = Optional.ofNullable(req.getHeader("Depth")).orElse("1").trim();
        if (depth.equalsIgnoreCase("infinity") && path.kind() != DavPath.Kind.CARD) {
            error(resp, 403, DAV, "propfind-finite-depth", "Ask with Depth 0 or 1");
            return;
        }
        List<QName> asked = DavXml.requestedProperties(DavXml.read(req.getInputStream()));
        Optional<AddressBook.Member> card = path.kind() == DavPath.Kind.CARD ? book.find(actor, path.card()) : Optional.empty();
        if (path.kind() == DavPath.Kind.CARD && card.isEmpty()) {
            plain(resp, 404, "No card " + path.card());
            return;
        }
        multistatus(resp, out -> {
            switch (path.kind()) {
                case ROOT -> {
                    respond(out, DavPath.ROOT, rootProperties(actor), asked);
                    if (depth.equals("1")) {
                        respond(out, DavPath.principal(actor.userName()), principalProperties(actor), asked);
                    }
                }
                case PRINCIPAL -> respond(out, DavPath.principal(actor.userName()), principalProperties(actor), asked);
                case HOME -> {
                    respond(out, DavPath.home(actor.userName()), homeProperties(actor), asked);
                    if (depth.equals("1")) {
                        respond(out, DavPath.book(actor.userName()), bookProperties(actor), asked);
                    }
                }
                case BOOK -> {
                    respond(out, DavPath.book(actor.userName()), bookProperties(actor), asked);
                    if (depth.equals("1")) {
                        allCards(out, actor, asked, VCardVersion.V4_0);
                    }
                }
                case CARD -> cards(out, actor, List.of(card.get()), asked, VCardVersion.V4_0);
                default -> throw new IllegalStateException(path.kind().toString());
            }
        });
    }

    private void report(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path) throws IOException, DavXml.BadXml {
        Element root = DavXml.read(req.getInputStream());
        if (root == null) {
            plain(resp, 400, "A REPORT needs a body");
            return;
        }
        if (path.kind() != DavPath.Kind.BOOK) {
            error(resp, 403, DAV, "supported-report", "Reports are answered on the address book " + DavPath.book(actor.userName()));
            return;
        }
        List<QName> asked = DavXml.requestedProperties(root);
        VCardVersion version = addressDataVersion(root);
        if (DavXml.is(root, CARDDAV, "addressbook-multiget")) {
            List<String> names = DavXml.children(root).stream().filter(e -> DavXml.is(e, DAV, "href"))
                    .map(e -> DavPath.cardName(e.getTextContent())).toList();
            Map<String, AddressBook.Member> found = book.findAll(actor, names);
            multistatus(resp, out -> {
                cards(out, actor, new ArrayList<>(found.values()), asked, version);
                for (String name : names) {
                    if (!found.containsKey(name)) {
                        out.gone(DavPath.card(actor.userName(), name));
                    }
                }
            });
        } else if (DavXml.is(root, CARDDAV, "addressbook-query")) {
            // Filters are not applied: every card matches (clients filter on their side).
            multistatus(resp, out -> allCards(out, actor, asked, version));
        } else if (DavXml.is(root, DAV, "sync-collection")) {
            Element tokenElement = DavXml.child(root, DAV, "sync-token");
            String token = tokenElement == null ? "" : tokenElement.getTextContent().trim();
            if (!token.isEmpty() && !token.startsWith(SYNC_TOKEN_PREFIX)) {
                throw new InvalidSyncTokenException("Not a sync token of this server: sync again without one");
            }
            AddressBook.Changes changes = book.changesSince(actor, token.isEmpty() ? null : token.substring(SYNC_TOKEN_PREFIX.length()));
            multistatus(resp, out -> {
                cards(out, actor, changes.changed(), asked, version);
                for (String name : changes.gone()) {
                    out.gone(DavPath.card(actor.userName(), name));
                }
                out.syncToken(SYNC_TOKEN_PREFIX + changes.token());
            });
        } else {
            error(resp, 403, DAV, "supported-report", "Supported reports: addressbook-multiget, addressbook-query, sync-collection");
        }
    }

    private void get(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path, boolean headOnly) throws IOException {
        if (path.kind() != DavPath.Kind.CARD) {
            plain(resp, 200, "Rapport CardDAV: connect your client to " + DavPath.ROOT);
            return;
        }
        Optional<AddressBook.Member> member = book.find(actor, path.card());
        if (member.isEmpty()) {
            plain(resp, 404, "No card " + path.card());
            return;
        }
        AddressBook.Member m = member.get();
        resp.setHeader("ETag", m.etag());
        if (m.record().getUpdatedAt() != null) {
            resp.setHeader("Last-Modified", HTTP_DATE.format(m.record().getUpdatedAt()));
        }
        if (m.etag().equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(304);
            return;
        }
        String accept = Optional.ofNullable(req.getHeader("Accept")).orElse("");
        VCardVersion version = accept.replace(" ", "").contains("version=3.0") ? VCardVersion.V3_0 : VCardVersion.V4_0;
        byte[] body = book.vcards(actor, List.of(m), version).get(m.name()).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(VCARD);
        resp.setContentLength(body.length);
        if (!headOnly) {
            resp.getOutputStream().write(body);
        }
    }

    private void put(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path) throws IOException {
        if (path.kind() != DavPath.Kind.CARD) {
            plain(resp, 405, "PUT a card into " + DavPath.book(actor.userName()));
            return;
        }
        String contentType = Optional.ofNullable(req.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("text/vcard") && !contentType.startsWith("text/x-vcard")) {
            error(resp, 415, CARDDAV, "supported-address-data", "Send a vCard (text/vcard), not " + contentType);
            return;
        }
        if (!path.card().endsWith(CardStore.SUFFIX)) {
            plain(resp, 403, "Card names end with " + CardStore.SUFFIX);
            return;
        }
        VCard card = ContactCards.parse(readCard(req.getInputStream()));
        Optional<AddressBook.Member> existing = book.find(actor, path.card());
        String ifMatch = req.getHeader("If-Match");
        String ifNoneMatch = req.getHeader("If-None-Match");
        if (existing.isPresent() ? "*".equals(ifNoneMatch) || ifMatch != null && !ifMatch.equals(existing.get().etag()) && !"*".equals(ifMatch)
                : ifMatch != null) {
            plain(resp, 412, existing.isPresent() ? "The card changed meanwhile (ETag " + existing.get().etag() + ")" : "No such card");
            return;
        }
        if (existing.isPresent()) {
            book.update(actor, existing.get(), card);
            resp.setStatus(204);
        } else {
            book.create(actor, path.card(), card);
            resp.setStatus(201);
        }
        // No ETag: the card is stored as fields, so what a GET answers is not byte for byte what was PUT (RFC 6352 5.3.4).
    }

    private void delete(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path) throws IOException {
        if (path.kind() != DavPath.Kind.CARD) {
            plain(resp, 403, "Only cards can be deleted");
            return;
        }
        Optional<AddressBook.Member> existing = book.find(actor, path.card());
        if (existing.isEmpty()) {
            plain(resp, 404, "No card " + path.card());
            return;
        }
        String ifMatch = req.getHeader("If-Match");
        if (ifMatch != null && !"*".equals(ifMatch) && !ifMatch.equals(existing.get().etag())) {
            plain(resp, 412, "The card changed meanwhile (ETag " + existing.get().etag() + ")");
            return;
        }
        book.delete(actor, existing.get());
        resp.setStatus(204);
    }

    private Map<QName, Value> rootProperties(Actor actor) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> MultiStatus.element(xml, DAV, "collection", Value.empty()));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        p.put(HOME_SET, Value.href(DavPath.home(actor.userName())));
        p.put(DISPLAYNAME, Value.text("Rapport"));
        return p;
    }

    private Map<QName, Value> principalProperties(Actor actor) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> MultiStatus.element(xml, DAV, "principal", Value.empty()));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        p.put(PRINCIPAL_URL, Value.href(DavPath.principal(actor.userName())));
        p.put(HOME_SET, Value.href(DavPath.home(actor.userName())));
        p.put(DISPLAYNAME, Value.text(actor.userName()));
        return p;
    }

    private Map<QName, Value> homeProperties(Actor actor) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> MultiStatus.element(xml, DAV, "collection", Value.empty()));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        p.put(OWNER, Value.href(DavPath.principal(actor.userName())));
        p.put(DISPLAYNAME, Value.text("Address books"));
        return p;
    }

    private Map<QName, Value> bookProperties(Actor actor) {
        String token = SYNC_TOKEN_PREFIX + book.token();
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> {
            MultiStatus.element(xml, DAV, "collection", Value.empty());
            MultiStatus.element(xml, CARDDAV, "addressbook", Value.empty());
        });
        p.put(DISPLAYNAME, Value.text("Rapport contacts"));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        p.put(OWNER, Value.href(DavPath.principal(actor.userName())));
        p.put(SYNC_TOKEN, Value.text(token));
        p.put(CTAG, Value.text(token));
        p.put(SUPPORTED_REPORTS, xml -> {
            for (String[] report : new String[][] {{CARDDAV, "addressbook-multiget"}, {CARDDAV, "addressbook-query"}, {DAV, "sync-collection"}}) {
                MultiStatus.element(xml, DAV, "supported-report", x -> MultiStatus.element(x, DAV, "report",
                        y -> MultiStatus.element(y, report[0], report[1], Value.empty())));
            }
        });
        p.put(SUPPORTED_DATA, xml -> {
            for (String v : new String[] {"3.0", "4.0"}) {
                xml.writeStartElement(CARDDAV, "address-data-type");
                xml.writeAttribute("content-type", "text/vcard");
                xml.writeAttribute("version", v);
                xml.writeEndElement();
            }
        });
        p.put(PRIVILEGES, xml -> {
            for (String privilege : new String[] {"read", "write", "write-content", "bind", "unbind"}) {
                MultiStatus.element(xml, DAV, "privilege", x -> MultiStatus.element(x, DAV, privilege, Value.empty()));
            }
        });
        return p;
    }

    /** Every card of the address book, a page at a time. */
    private void allCards(MultiStatus out, Actor actor, List<QName> asked, VCardVersion version) throws IOException {
        IOException[] failed = new IOException[1];
        book.forEachPage(actor, members -> {
            try {
                if (failed[0] == null) {
                    cards(out, actor, members, asked, version);
                }
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    /** Cards with the asked properties; address-data only when asked for by name. */
    private void cards(MultiStatus out, Actor actor, List<AddressBook.Member> members, List<QName> asked, VCardVersion version)
            throws IOException {
        Map<String, String> vcards = asked != null && asked.contains(ADDRESS_DATA) ? book.vcards(actor, members, version) : Map.of();
        for (AddressBook.Member m : members) {
            Map<QName, Value> p = new LinkedHashMap<>();
            p.put(RESOURCETYPE, Value.empty());
            p.put(GETETAG, Value.text(m.etag()));
            p.put(CONTENTTYPE, Value.text(VCARD));
            if (m.record().getUpdatedAt() != null) {
                p.put(LASTMODIFIED, Value.text(HTTP_DATE.format(m.record().getUpdatedAt())));
            }
            if (vcards.containsKey(m.name())) {
                p.put(ADDRESS_DATA, Value.text(vcards.get(m.name())));
            }
            respond(out, DavPath.card(actor.userName(), m.name()), p, asked);
        }
    }

    private static void respond(MultiStatus out, String href, Map<QName, Value> available, List<QName> asked) throws IOException {
        if (asked == null) {
            out.response(href, available, List.of());
            return;
        }
        Map<QName, Value> found = new LinkedHashMap<>();
        List<QName> missing = new ArrayList<>();
        for (QName q : asked) {
            if (available.containsKey(q)) {
                found.put(q, available.get(q));
            } else {
                missing.add(q);
            }
        }
        out.response(href, found, missing);
    }

    private static VCardVersion addressDataVersion(Element report) {
        Element prop = DavXml.child(report, DAV, "prop");
        Element data = DavXml.child(prop, CARDDAV, "address-data");
        return data != null && "3.0".equals(data.getAttribute("version")) ? VCardVersion.V3_0 : VCardVersion.V4_0;
    }

    @FunctionalInterface
    private interface Body {
        void write(MultiStatus out) throws IOException;
    }

    /** Writes the whole multistatus first, so a failure half-way is an error status rather than a cut-off 207. */
    private static void multistatus(HttpServletResponse resp, Body body) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (MultiStatus out = new MultiStatus(buffer)) {
            body.write(out);
        }
        resp.setStatus(207);
        resp.setContentType("application/xml; charset=utf-8");
        resp.setContentLength(buffer.size());
        buffer.writeTo(resp.getOutputStream());
    }

    private static String readCard(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_CARD_BYTES + 1);
        if (bytes.length > MAX_CARD_BYTES) {
            throw new ContactCards.BadCard("The vCard is larger than " + MAX_CARD_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void error(HttpServletResponse resp, int status, String namespace, String precondition, String detail) throws IOException {
        byte[] body = DavXml.error(namespace, precondition, detail);
        resp.setStatus(status);
        resp.setContentType("application/xml; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void plain(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] body = (message == null ? "" : message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
