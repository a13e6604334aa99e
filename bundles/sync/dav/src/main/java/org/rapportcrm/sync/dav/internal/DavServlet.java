package org.rapportcrm.sync.dav.internal;

import static org.rapportcrm.sync.dav.internal.DavXml.CALDAV;
import static org.rapportcrm.sync.dav.internal.DavXml.CALSERVER;
import static org.rapportcrm.sync.dav.internal.DavXml.CARDDAV;
import static org.rapportcrm.sync.dav.internal.DavXml.DAV;

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
import java.util.function.Predicate;
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
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RequestAuthenticator;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.SignInThrottledException;
import org.rapportcrm.sync.dav.internal.DavPath.Area;
import org.rapportcrm.sync.dav.internal.DavPath.Kind;
import org.rapportcrm.sync.dav.internal.DavXml.MultiStatus;
import org.rapportcrm.sync.dav.internal.DavXml.MultiStatus.Value;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;
import org.w3c.dom.Element;

/**
 * CardDAV (RFC 6352) and CalDAV (RFC 4791) at {@code /dav/}: each user's contacts as address books and their
 * activities as calendars (their own, their teams', their saved views'; see {@link DavScope}), all with RFC 6578
 * sync-collection. Custom methods (PROPFIND, REPORT) reach
 * {@link #service} on Pax Web; callers sign in with HTTP Basic (their password or an API token) through the platform's
 * authenticator. It turns HTTP into calls of a {@link DavCollection}; what differs between the two is in {@link Flavour}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/dav/*")
@HttpWhiteboardServletName("rapport-dav")
public class DavServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String SYNC_TOKEN_PREFIX = "http://rapportcrm.org/ns/sync/";
    private static final int MAX_ITEM_BYTES = 1 << 20;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT";

    private static final QName RESOURCETYPE = new QName(DAV, "resourcetype");
    private static final QName DISPLAYNAME = new QName(DAV, "displayname");
    private static final QName CURRENT_USER_PRINCIPAL = new QName(DAV, "current-user-principal");
    private static final QName PRINCIPAL_URL = new QName(DAV, "principal-URL");
    private static final QName OWNER = new QName(DAV, "owner");
    private static final QName SYNC_TOKEN = new QName(DAV, "sync-token");
    private static final QName CTAG = new QName(CALSERVER, "getctag");
    private static final QName SUPPORTED_REPORTS = new QName(DAV, "supported-report-set");
    private static final QName PRIVILEGES = new QName(DAV, "current-user-privilege-set");
    private static final QName GETETAG = new QName(DAV, "getetag");
    private static final QName CONTENTTYPE = new QName(DAV, "getcontenttype");
    private static final QName LASTMODIFIED = new QName(DAV, "getlastmodified");
    private static final QName COMPONENT_SET = new QName(CALDAV, "supported-calendar-component-set");

    /** What makes a collection an address book or a calendar on the wire. */
    private record Flavour(DavCollection<?> collection, String namespace, String collectionType, String homeSetName, String dataName,
            String supportedDataName, String invalidData, String contentType, List<String> acceptedTypes, List<String> dataVersions, String multiget,
            String query, String homeName, String noun) {
        QName homeSet() {
            return new QName(namespace, homeSetName);
        }

        QName data() {
            return new QName(namespace, dataName);
        }

        String href(String user, DavScope scope, String name) {
            return DavPath.item(collection.area(), user, scope.segment(), name);
        }

        String collectionHref(String user, DavScope scope) {
            return DavPath.collection(collection.area(), user, scope.segment());
        }

        /** Where the user's own collection is, for messages that point there. */
        String ownHref(String user) {
            return DavPath.collection(collection.area(), user, collection.area().collectionSegment);
        }
    }

    private final transient RequestAuthenticator authenticator;
    private final transient Map<Area, Flavour> flavours;

    @Activate
    public DavServlet(@Reference RequestAuthenticator authenticator, @Reference AddressBook book, @Reference ActivityCalendar calendar) {
        this.authenticator = authenticator;
        this.flavours = Map.of(
                Area.CONTACTS, new Flavour(book, CARDDAV, "addressbook", "addressbook-home-set", "address-data", "supported-address-data",
                        "valid-address-data", "text/vcard; charset=utf-8", List.of("text/vcard", "text/x-vcard"), List.of("3.0", "4.0"),
                        "addressbook-multiget", "addressbook-query", "Address books", "card"),
                Area.CALENDAR, new Flavour(calendar, CALDAV, "calendar", "calendar-home-set", "calendar-data", "supported-calendar-data",
                        "valid-calendar-data", "text/calendar; charset=utf-8", List.of("text/calendar"), List.of("2.0"),
                        "calendar-multiget", "calendar-query", "Calendars", "calendar object"));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        if (method.equals("OPTIONS")) {
            resp.setHeader("DAV", "1, 3, addressbook, calendar-access");
            resp.setHeader("Allow", ALLOW);
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
        if (path.kind() == Kind.UNKNOWN) {
            plain(resp, 404, "Nothing here");
            return;
        }
        if (path.user() != null && !path.user().equals(actor.userName())) {
            plain(resp, 403, "This is another user's; yours is at " + DavPath.principal(actor.userName()));
            return;
        }
        Flavour flavour = path.area() == null ? null : flavours.get(path.area());
        DavScope scope = path.collection() == null ? null : flavour.collection().scope(actor, path.collection()).orElse(null);
        if (path.collection() != null && scope == null) {
            plain(resp, 404, "No " + flavour.homeName().toLowerCase(Locale.ROOT) + " here: yours are listed at "
                    + DavPath.home(path.area(), actor.userName()));
            return;
        }
        try {
            switch (method) {
                case "PROPFIND" -> propfind(req, resp, actor, path, flavour, scope);
                case "REPORT" -> report(req, resp, actor, path, flavour, scope);
                case "GET", "HEAD" -> get(req, resp, actor, path, flavour, scope, method.equals("HEAD"));
                case "PUT" -> put(req, resp, actor, path, flavour, scope);
                case "DELETE" -> delete(req, resp, actor, path, flavour, scope);
                case "MKCOL", "PROPPATCH", "MKCALENDAR", "COPY", "MOVE", "LOCK", "UNLOCK", "POST" ->
                        plain(resp, 403, "Rapport's address books and calendars are fixed: " + method + " is not allowed here");
                default -> {
                    resp.setHeader("Allow", ALLOW);
                    plain(resp, 405, method + " is not supported");
                }
            }
        } catch (DavXml.BadXml e) {
            plain(resp, 400, e.getMessage());
        } catch (InvalidSyncTokenException e) {
            error(resp, 403, DAV, "valid-sync-token", e.getMessage());
        } catch (DavCollection.InvalidItem | ValidationException e) {
            error(resp, 400, flavour.namespace(), flavour.invalidData(), e.getMessage());
        } catch (DavCollection.UidTaken e) {
            error(resp, 403, flavour.namespace(), "no-uid-conflict", flavour.href(actor.userName(), scope, e.holderName));
        } catch (AccessDeniedException e) {
            error(resp, 403, DAV, "need-privileges", e.getMessage());
        } catch (RecordNotFoundException e) {
            plain(resp, 404, e.getMessage());
        } catch (InvalidQueryException e) {
            // A saved view whose filter names a field hidden from this user (or removed since): no collection of theirs.
            plain(resp, 404, "This view's filter does not apply to what you may read: " + e.getMessage());
        } catch (StaleVersionException e) {
            plain(resp, 412, e.getMessage());
        }
    }

    private void propfind(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path, Flavour flavour, DavScope scope)
            throws IOException, DavXml.BadXml {
        // No Depth means infinity (RFC 4918), which is refused when asked for; clients that leave it out get 1.
        String depth = Optional.ofNullable(req.getHeader("Depth")).orElse("1").trim();
        if (depth.equalsIgnoreCase("infinity") && path.kind() != Kind.ITEM) {
            error(resp, 403, DAV, "propfind-finite-depth", "Ask with Depth 0 or 1");
            return;
        }
        List<QName> asked = DavXml.requestedProperties(DavXml.read(req.getInputStream()));
        Optional<DavCollection.Member> item = path.kind() == Kind.ITEM ? flavour.collection().find(actor, scope, path.item()) : Optional.empty();
        if (path.kind() == Kind.ITEM && item.isEmpty()) {
            plain(resp, 404, "No " + flavour.noun() + " " + path.item());
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
                    respond(out, DavPath.home(path.area(), actor.userName()), homeProperties(actor, flavour), asked);
                    if (depth.equals("1")) {
                        for (DavScope each : flavour.collection().scopes(actor)) {
                            respond(out, flavour.collectionHref(actor.userName(), each), collectionProperties(actor, flavour, each), asked);
                        }
                    }
                }
                case COLLECTION -> {
                    respond(out, flavour.collectionHref(actor.userName(), scope), collectionProperties(actor, flavour, scope), asked);
                    if (depth.equals("1")) {
                        allItems(out, actor, flavour, scope, m -> true, asked, null);
                    }
                }
                case ITEM -> items(out, actor, flavour, scope, List.of(item.get()), asked, null);
                default -> throw new IllegalStateException(path.kind().toString());
            }
        });
    }

    private void report(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path, Flavour flavour, DavScope scope)
            throws IOException, DavXml.BadXml {
        Element root = DavXml.read(req.getInputStream());
        if (root == null) {
            plain(resp, 400, "A REPORT needs a body");
            return;
        }
        if (path.kind() != Kind.COLLECTION) {
            error(resp, 403, DAV, "supported-report", "Reports are answered on collections, such as " + flavours.get(Area.CONTACTS).ownHref(actor.userName())
                    + " and " + flavours.get(Area.CALENDAR).ownHref(actor.userName()));
            return;
        }
        List<QName> asked = DavXml.requestedProperties(root);
        String version = dataVersion(root, flavour);
        DavCollection<?> collection = flavour.collection();
        if (DavXml.is(root, flavour.namespace(), flavour.multiget())) {
            List<String> names = DavXml.children(root).stream().filter(e -> DavXml.is(e, DAV, "href"))
                    .map(e -> DavPath.itemName(e.getTextContent())).toList();
            Map<String, DavCollection.Member> found = collection.findAll(actor, scope, names);
            multistatus(resp, out -> {
                items(out, actor, flavour, scope, new ArrayList<>(found.values()), asked, version);
                for (String name : names) {
                    if (!found.containsKey(name)) {
                        out.gone(flavour.href(actor.userName(), scope, name));
                    }
                }
            });
        } else if (DavXml.is(root, flavour.namespace(), flavour.query())) {
            // Address book filters are not applied (every card matches; clients filter on their side); calendar
            // queries are filtered by component and time-range.
            Predicate<DavCollection.Member> matches = m -> true;
            if (path.area() == Area.CALENDAR) {
                CalendarQuery query = CalendarQuery.of(root);
                matches = m -> query.test(m.record());
            }
            Predicate<DavCollection.Member> filter = matches;
            multistatus(resp, out -> allItems(out, actor, flavour, scope, filter, asked, version));
        } else if (DavXml.is(root, DAV, "sync-collection")) {
            Element tokenElement = DavXml.child(root, DAV, "sync-token");
            String token = tokenElement == null ? "" : tokenElement.getTextContent().trim();
            if (!token.isEmpty() && !token.startsWith(SYNC_TOKEN_PREFIX)) {
                throw new InvalidSyncTokenException("Not a sync token of this server: sync again without one");
            }
            DavCollection.Changes changes = collection.changesSince(actor, scope, token.isEmpty() ? null : token.substring(SYNC_TOKEN_PREFIX.length()));
            multistatus(resp, out -> {
                items(out, actor, flavour, scope, changes.changed(), asked, version);
                for (String name : changes.gone()) {
                    out.gone(flavour.href(actor.userName(), scope, name));
                }
                out.syncToken(SYNC_TOKEN_PREFIX + changes.token());
            });
        } else {
            error(resp, 403, DAV, "supported-report", "Supported reports: " + flavour.multiget() + ", " + flavour.query() + ", sync-collection");
        }
    }

    private void get(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path, Flavour flavour, DavScope scope,
            boolean headOnly) throws IOException {
        if (path.kind() != Kind.ITEM) {
            plain(resp, 200, "Rapport CardDAV and CalDAV: connect your client to " + DavPath.ROOT);
            return;
        }
        Optional<DavCollection.Member> member = flavour.collection().find(actor, scope, path.item());
        if (member.isEmpty()) {
            plain(resp, 404, "No " + flavour.noun() + " " + path.item());
            return;
        }
        DavCollection.Member m = member.get();
        resp.setHeader("ETag", m.etag());
        if (m.record().getUpdatedAt() != null) {
            resp.setHeader("Last-Modified", HTTP_DATE.format(m.record().getUpdatedAt()));
        }
        if (m.etag().equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(304);
            return;
        }
        String accept = Optional.ofNullable(req.getHeader("Accept")).orElse("");
        String version = accept.replace(" ", "").contains("version=3.0") ? "3.0" : null;
        byte[] body = flavour.collection().render(actor, List.of(m), version).get(m.name()).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(flavour.contentType());
        resp.setContentLength(body.length);
        if (!headOnly) {
            resp.getOutputStream().write(body);
        }
    }

    private void put(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path, Flavour flavour, DavScope scope)
            throws IOException {
        if (path.kind() != Kind.ITEM) {
            plain(resp, 405, "PUT an item into " + (flavour == null ? DavPath.ROOT : flavour.ownHref(actor.userName())));
            return;
        }
        String contentType = Optional.ofNullable(req.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        if (flavour.acceptedTypes().stream().noneMatch(contentType::startsWith)) {
            error(resp, 415, flavour.namespace(), flavour.supportedDataName(), "Send " + flavour.acceptedTypes().get(0) + ", not " + contentType);
            return;
        }
        if (!path.item().endsWith(path.area().suffix)) {
            plain(resp, 403, "Names here end with " + path.area().suffix);
            return;
        }
        store(req, resp, actor, path, flavour, scope, flavour.collection());
    }

    /** Parses before looking at preconditions, so a bad item is a 400 whatever the headers say; changes nothing on any error. */
    private <T> void store(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path, Flavour flavour, DavScope scope,
            DavCollection<T> collection) throws IOException {
        T item = collection.parse(readItem(req.getInputStream()));
        Optional<DavCollection.Member> existing = collection.find(actor, scope, path.item());
        String ifMatch = req.getHeader("If-Match");
        String ifNoneMatch = req.getHeader("If-None-Match");
        if (existing.isPresent() ? "*".equals(ifNoneMatch) || ifMatch != null && !ifMatch.equals(existing.get().etag()) && !"*".equals(ifMatch)
                : ifMatch != null) {
            plain(resp, 412, existing.isPresent() ? "The " + flavour.noun() + " changed meanwhile (ETag " + existing.get().etag() + ")"
                    : "No such " + flavour.noun());
            return;
        }
        if (existing.isPresent()) {
            collection.update(actor, existing.get(), item);
            resp.setStatus(204);
        } else if (!scope.own()) {
            // A team's or a view's collection shows records by who owns them or what they hold: new ones are the user's.
            error(resp, 403, DAV, "need-privileges", "New " + flavour.noun() + "s go into " + flavour.ownHref(actor.userName()));
        } else {
            collection.create(actor, path.item(), item);
            resp.setStatus(201);
        }
        // No ETag: the item is stored as fields, so what a GET answers is not byte for byte what was PUT (RFC 6352 5.3.4,
        // RFC 4791 5.3.4).
    }

    private void delete(HttpServletRequest req, HttpServletResponse resp, Actor actor, DavPath path, Flavour flavour, DavScope scope)
            throws IOException {
        if (path.kind() != Kind.ITEM) {
            plain(resp, 403, "Only cards and calendar objects can be deleted");
            return;
        }
        Optional<DavCollection.Member> existing = flavour.collection().find(actor, scope, path.item());
        if (existing.isEmpty()) {
            plain(resp, 404, "No " + flavour.noun() + " " + path.item());
            return;
        }
        String ifMatch = req.getHeader("If-Match");
        if (ifMatch != null && !"*".equals(ifMatch) && !ifMatch.equals(existing.get().etag())) {
            plain(resp, 412, "The " + flavour.noun() + " changed meanwhile (ETag " + existing.get().etag() + ")");
            return;
        }
        flavour.collection().delete(actor, existing.get());
        resp.setStatus(204);
    }

    private Map<QName, Value> rootProperties(Actor actor) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> MultiStatus.element(xml, DAV, "collection", Value.empty()));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        homeSets(p, actor);
        p.put(DISPLAYNAME, Value.text("Rapport"));
        return p;
    }

    private Map<QName, Value> principalProperties(Actor actor) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> MultiStatus.element(xml, DAV, "principal", Value.empty()));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        p.put(PRINCIPAL_URL, Value.href(DavPath.principal(actor.userName())));
        homeSets(p, actor);
        p.put(DISPLAYNAME, Value.text(actor.userName()));
        return p;
    }

    private void homeSets(Map<QName, Value> p, Actor actor) {
        flavours.forEach((area, f) -> p.put(f.homeSet(), Value.href(DavPath.home(area, actor.userName()))));
    }

    private static Map<QName, Value> homeProperties(Actor actor, Flavour flavour) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> MultiStatus.element(xml, DAV, "collection", Value.empty()));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        p.put(OWNER, Value.href(DavPath.principal(actor.userName())));
        p.put(DISPLAYNAME, Value.text(flavour.homeName()));
        return p;
    }

    private static Map<QName, Value> collectionProperties(Actor actor, Flavour flavour, DavScope scope) {
        String token = SYNC_TOKEN_PREFIX + flavour.collection().token(actor);
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, xml -> {
            MultiStatus.element(xml, DAV, "collection", Value.empty());
            MultiStatus.element(xml, flavour.namespace(), flavour.collectionType(), Value.empty());
        });
        p.put(DISPLAYNAME, Value.text(scope.displayName()));
        p.put(CURRENT_USER_PRINCIPAL, Value.href(DavPath.principal(actor.userName())));
        p.put(OWNER, Value.href(DavPath.principal(actor.userName())));
        p.put(SYNC_TOKEN, Value.text(token));
        p.put(CTAG, Value.text(token));
        p.put(SUPPORTED_REPORTS, xml -> {
            for (String[] report : new String[][] {{flavour.namespace(), flavour.multiget()}, {flavour.namespace(), flavour.query()},
                    {DAV, "sync-collection"}}) {
                MultiStatus.element(xml, DAV, "supported-report", x -> MultiStatus.element(x, DAV, "report",
                        y -> MultiStatus.element(y, report[0], report[1], Value.empty())));
            }
        });
        p.put(new QName(flavour.namespace(), flavour.supportedDataName()), xml -> {
            for (String v : flavour.dataVersions()) {
                xml.writeStartElement(flavour.namespace(), flavour.namespace().equals(CARDDAV) ? "address-data-type" : "calendar-data");
                xml.writeAttribute("content-type", flavour.acceptedTypes().get(0));
                xml.writeAttribute("version", v);
                xml.writeEndElement();
            }
        });
        if (flavour.namespace().equals(CALDAV)) {
            p.put(COMPONENT_SET, xml -> {
                for (String component : List.of(ActivityCalendarObjects.VEVENT, ActivityCalendarObjects.VTODO)) {
                    xml.writeStartElement(CALDAV, "comp");
                    xml.writeAttribute("name", component);
                    xml.writeEndElement();
                }
            });
        }
        p.put(PRIVILEGES, xml -> {
            for (String privilege : scope.own() ? new String[] {"read", "write", "write-content", "bind", "unbind"}
                    : new String[] {"read", "write", "write-content", "unbind"}) {
                MultiStatus.element(xml, DAV, "privilege", x -> MultiStatus.element(x, DAV, privilege, Value.empty()));
            }
        });
        return p;
    }

    /** Every item of the collection that matches, a page at a time. */
    private void allItems(MultiStatus out, Actor actor, Flavour flavour, DavScope scope, Predicate<DavCollection.Member> matches,
            List<QName> asked, String version) throws IOException {
        IOException[] failed = new IOException[1];
        flavour.collection().forEachPage(actor, scope, members -> {
            try {
                if (failed[0] == null) {
                    items(out, actor, flavour, scope, members.stream().filter(matches).toList(), asked, version);
                }
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    /** Items with the asked properties; their data only when asked for by name. */
    private void items(MultiStatus out, Actor actor, Flavour flavour, DavScope scope, List<DavCollection.Member> members, List<QName> asked,
            String version) throws IOException {
        Map<String, String> data = asked != null && asked.contains(flavour.data()) ? flavour.collection().render(actor, members, version) : Map.of();
        for (DavCollection.Member m : members) {
            Map<QName, Value> p = new LinkedHashMap<>();
            p.put(RESOURCETYPE, Value.empty());
            p.put(GETETAG, Value.text(m.etag()));
            p.put(CONTENTTYPE, Value.text(flavour.contentType()));
            if (m.record().getUpdatedAt() != null) {
                p.put(LASTMODIFIED, Value.text(HTTP_DATE.format(m.record().getUpdatedAt())));
            }
            if (data.containsKey(m.name())) {
                p.put(flavour.data(), Value.text(data.get(m.name())));
            }
            respond(out, flavour.href(actor.userName(), scope, m.name()), p, asked);
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

    /** The data version a report asks for ({@code <card:address-data version="3.0"/>}), or null. */
    private static String dataVersion(Element report, Flavour flavour) {
        Element data = DavXml.child(DavXml.child(report, DAV, "prop"), flavour.namespace(), flavour.dataName());
        return data == null || data.getAttribute("version").isEmpty() ? null : data.getAttribute("version");
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

    private static String readItem(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ITEM_BYTES + 1);
        if (bytes.length > MAX_ITEM_BYTES) {
            throw new DavCollection.InvalidItem("The item is larger than " + MAX_ITEM_BYTES + " bytes");
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
