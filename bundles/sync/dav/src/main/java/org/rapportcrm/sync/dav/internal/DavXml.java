package org.rapportcrm.sync.dav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reading DAV request bodies (namespace-aware DOM, no DOCTYPE) and writing multistatus answers (StAX). */
final class DavXml {
    static final String DAV = "DAV:";
    static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CALSERVER = "http://calendarserver.org/ns/";

    private DavXml() {
    }

    /** A request body that is not well-formed XML. */
    static final class BadXml extends Exception {
        private static final long serialVersionUID = 1L;

        BadXml(String message) {
            super(message);
        }
    }

    /** The body's root element, or null for an empty body. */
    static Element read(InputStream body) throws IOException, BadXml {
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new java.io.ByteArrayInputStream(bytes));
            return doc.getDocumentElement();
        } catch (SAXException | ParserConfigurationException e) {
            throw new BadXml("The request body is not well-formed XML: " + e.getMessage());
        }
    }

    static boolean is(Element e, String namespace, String localName) {
        return e != null && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    static QName name(Element e) {
        return new QName(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName());
    }

    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    children.add(e);
                }
            }
        }
        return children;
    }

    static Element child(Element parent, String namespace, String localName) {
        return children(parent).stream().filter(e -> is(e, namespace, localName)).findFirst().orElse(null);
    }

    /** The properties a PROPFIND or REPORT asks for; null for allprop (or no body). */
    static List<QName> requestedProperties(Element root) {
        Element prop = child(root, DAV, "prop");
        if (prop == null) {
            return null;
        }
        return children(prop).stream().map(DavXml::name).toList();
    }

    /** Writes a multistatus document. */
    static final class MultiStatus implements AutoCloseable {
        private final XMLStreamWriter xml;

        MultiStatus(OutputStream out) throws IOException {
            try {
                xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                xml.writeStartDocument("UTF-8", "1.0");
                xml.setPrefix("d", DAV);
                xml.setPrefix("card", CARDDAV);
                xml.setPrefix("cal", CALDAV);
                xml.setPrefix("cs", CALSERVER);
                xml.writeStartElement(DAV, "multistatus");
                xml.writeNamespace("d", DAV);
                xml.writeNamespace("card", CARDDAV);
                xml.writeNamespace("cal", CALDAV);
                xml.writeNamespace("cs", CALSERVER);
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        /** What a property's value is written as, inside its element. */
        @FunctionalInterface
        interface Value {
            void write(XMLStreamWriter xml) throws XMLStreamException;

            static Value text(String text) {
                return xml -> xml.writeCharacters(text);
            }

            static Value href(String href) {
                return xml -> element(xml, DAV, "href", text(href));
            }

            static Value empty() {
                return xml -> { };
            }
        }

        static void element(XMLStreamWriter xml, String ns, String local, Value value) throws XMLStreamException {
            xml.writeStartElement(ns, local);
            value.write(xml);
            xml.writeEndElement();
        }

        /**
         * One resource: the found properties in a 200 propstat, the asked-for ones it does not have in a 404 propstat.
         */
        void response(String href, java.util.Map<QName, Value> found, List<QName> missing) throws IOException {
            try {
                xml.writeStartElement(DAV, "response");
                element(xml, DAV, "href", Value.text(href));
                if (!found.isEmpty()) {
                    propstat(found, "HTTP/1.1 200 OK");
                }
                if (!missing.isEmpty()) {
                    java.util.Map<QName, Value> none = new java.util.LinkedHashMap<>();
                    missing.forEach(q -> none.put(q, Value.empty()));
                    propstat(none, "HTTP/1.1 404 Not Found");
                }
                xml.writeEndElement();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        /** A resource that is gone (sync-collection) or not found (multiget). */
        void gone(String href) throws IOException {
            try {
                xml.writeStartElement(DAV, "response");
                element(xml, DAV, "href", Value.text(href));
                element(xml, DAV, "status", Value.text("HTTP/1.1 404 Not Found"));
                xml.writeEndElement();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        void syncToken(String token) throws IOException {
            try {
                element(xml, DAV, "sync-token", Value.text(token));
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }

        private void propstat(java.util.Map<QName, Value> props, String status) throws XMLStreamException {
            xml.writeStartElement(DAV, "propstat");
            xml.writeStartElement(DAV, "prop");
            for (var p : props.entrySet()) {
                QName q = p.getKey();
                boolean known = DAV.equals(q.getNamespaceURI()) || CARDDAV.equals(q.getNamespaceURI()) || CALDAV.equals(q.getNamespaceURI())
                        || CALSERVER.equals(q.getNamespaceURI());
                if (known) {
                    xml.writeStartElement(q.getNamespaceURI(), q.getLocalPart());
                } else {
                    xml.writeStartElement("x", q.getLocalPart(), q.getNamespaceURI());
                    xml.writeNamespace("x", q.getNamespaceURI());
                }
                p.getValue().write(xml);
                xml.writeEndElement();
            }
            xml.writeEndElement();
            element(xml, DAV, "status", Value.text(status));
            xml.writeEndElement();
        }

        @Override
        public void close() throws IOException {
            try {
                xml.writeEndElement();
                xml.writeEndDocument();
                xml.flush();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }
    }

    /** A DAV error body naming the precondition that failed ({@code <d:error><card:valid-address-data/></d:error>}). */
    static byte[] error(String namespace, String precondition, String detail) {
        String prefix = DAV.equals(namespace) ? "d" : CALDAV.equals(namespace) ? "cal" : "card";
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<d:error xmlns:d=\"DAV:\" xmlns:card=\"" + CARDDAV + "\" xmlns:cal=\"" + CALDAV
                + "\"><" + prefix + ":" + precondition + "/>" + (detail == null ? "" : "<d:responsedescription>" + escape(detail) + "</d:responsedescription>")
                + "</d:error>\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
