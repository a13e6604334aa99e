package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.ParameterParser;
import org.apache.commons.fileupload.UploadContext;
import org.apache.commons.fileupload.servlet.ServletFileUpload;
import org.apache.commons.fileupload.util.Streams;
import org.rapportcrm.platform.api.file.FileContent;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * Files on records: {@code /api/v1/<plural>/<id>/files} to list and upload (multipart or a raw body), and
 * {@code /api/v1/files/<id>} to download (ranges, strong ETag, a safe Content-Disposition) and delete. Downloads are
 * streamed from the store and uploads into it, so neither holds a file in memory.
 */
final class FileResource {
    static final String FILE = "File";
    static final JsonSchema FILE_ID = JsonSchema.string().pattern("^[0-9a-f-]{36}$");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int COPY_BUFFER = 64 * 1024;
    private final FileService files;

    FileResource(FileService files) {
        this.files = files;
    }

    /** A header's value: visible ASCII and spaces, as HTTP sends it (RFC 8187 encodes anything else). */
    private static JsonSchema headerText(int maxLength) {
        return JsonSchema.string().maxLength(maxLength).pattern("^[ -~]*$");
    }

    static JsonSchema schema() {
        return JsonSchema.object().openProperties()
                .property("id", JsonSchema.string()).property("recordType", JsonSchema.string()).property("recordId", JsonSchema.string())
                .property("name", JsonSchema.string().description("as uploaded, without path or control characters"))
                .property("mediaType", JsonSchema.string().description("detected from the content"))
                .property("size", JsonSchema.integer().minimum(0)).property("sha256", JsonSchema.string())
                .property("confidential", JsonSchema.bool().description("listed and read only by those who may edit the record; downloads are audited"))
                .property("createdAt", JsonSchema.string().format("date-time")).property("createdBy", JsonSchema.string().nullable())
                .property("text", JsonSchema.string().enumValues("PENDING", "EXTRACTED", "NONE", "FAILED")
                        .description("whether the global search finds the record by the words inside the file"))
                .property("previewable", JsonSchema.bool().description("served inline with ?disposition=inline"))
                .property("url", JsonSchema.string().description("where to download it"))
                .required("id", "recordType", "recordId", "name", "mediaType", "size", "sha256", "confidential", "createdAt", "text", "url");
    }

    /** The routes under a record type's plural name. */
    List<RestRoute> routes(RecordType t) {
        return List.of(
                RestRoute.get("{id}/files").summary("The files of a " + t.getLabel() + ", newest first")
                        .pathParameter("id", RecordResource.ID, "id of the " + t.getLabel())
                        .response(200, "Its files", Schemas.items(JsonSchema.ref(FILE)))
                        .handler(ex -> list((Exchange) ex, t)),
                RestRoute.post("{id}/files").summary("Add a file to a " + t.getLabel())
                        .description("multipart/form-data with the file in the part named file (and confidential=true in a part "
                                + "before it, or as a query parameter), or the file itself as the body, named by Content-Disposition "
                                + "(filename*=UTF-8''...). At most " + files.maxSize() / (1024 * 1024) + " MB (413). The media type is "
                                + "detected from the content; refused types and infected files get 422. Needs the right to edit the record.")
                        .pathParameter("id", RecordResource.ID, "id of the " + t.getLabel())
                        .queryParameter("confidential", JsonSchema.bool(), false, "audit every download of it")
                        .header("Content-Disposition", headerText(2000), false, "for a raw body: attachment; filename*=UTF-8''<name>")
                        .requestBody("application/octet-stream", "multipart/form-data")
                        .response(201, "The file (its address in Location)", JsonSchema.ref(FILE))
                        .problem(409, "The record's files may not change in its state (an approved claim's proof)")
                        .problem(413, "Larger than the size cap")
                        .problem(422, "A refused media type or an infected file")
                        .problem(503, "The virus scanner is not available")
                        .handler(ex -> upload((Exchange) ex, t)));
    }

    /** The routes under {@code files}. */
    List<RestRoute> routes() {
        return List.of(
                RestRoute.get("files/{fileId}").summary("Download a file")
                        .description("Range requests give 206; If-None-Match with its ETag gives 304. Only images, PDF and plain "
                                + "text are ever served inline (with disposition=inline); anything else, HTML and SVG above all, "
                                + "is an attachment.")
                        .pathParameter("fileId", FILE_ID, "id of the file")
                        .queryParameter("disposition", JsonSchema.string().enumValues("attachment", "inline").defaultValue("attachment"),
                                false, "inline to show a previewable file in the browser")
                        .header("Range", headerText(200), false, "bytes=first-last, one range")
                        .header("If-None-Match", headerText(200), false, "the ETag you have")
                        .header("If-Range", headerText(200), false, "the ETag the range is of")
                        .response(200, "The file", "application/octet-stream", JsonSchema.string())
                        .response(206, "The range asked for", "application/octet-stream", JsonSchema.string())
                        .response(304, "Not modified")
                        .problem(416, "The range is not within the file")
                        .handler(ex -> download((Exchange) ex)),
                RestRoute.get("files/{fileId}/info").summary("A file's details")
                        .pathParameter("fileId", FILE_ID, "id of the file")
                        .response(200, "The file", JsonSchema.ref(FILE))
                        .handler(ex -> ex.send(200, json(files.get(ex.actor(), ex.pathParameter("fileId"))))),
                RestRoute.delete("files/{fileId}").summary("Delete a file")
                        .description("Needs the right to edit the record it belongs to.")
                        .pathParameter("fileId", FILE_ID, "id of the file")
                        .response(204, "Deleted")
                        .problem(409, "The record's files may not change in its state (an approved claim's proof)")
                        .handler(ex -> {
                            files.delete(ex.actor(), ex.pathParameter("fileId"));
                            ex.noContent();
                        }));
    }

    static Map<String, Object> json(StoredFile f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", f.id());
        json.put("recordType", f.recordType());
        json.put("recordId", f.recordId());
        json.put("name", f.name());
        json.put("mediaType", f.mediaType());
        json.put("size", f.size());
        json.put("sha256", f.sha256());
        json.put("confidential", f.confidential());
        json.put("createdAt", f.createdAt());
        json.put("createdBy", f.createdBy());
        json.put("text", f.text().name());
        json.put("previewable", f.previewable());
        json.put("url", "/api/v1/files/" + f.id());
        return json;
    }

    /** Of the records a search found, the files the words are in: by type and record id. */
    Map<String, Map<String, List<Map<String, Object>>>> foundIn(Actor actor, List<Record> found, String text) {
        Map<String, List<String>> idsByType = found.stream().collect(Collectors.groupingBy(Record::getType, LinkedHashMap::new,
                Collectors.mapping(Record::getId, Collectors.toList())));
        Map<String, Map<String, List<Map<String, Object>>>> result = new LinkedHashMap<>();
        idsByType.forEach((type, ids) -> {
            Map<String, List<Map<String, Object>>> byRecord = new LinkedHashMap<>();
            files.matching(actor, type, ids, text).forEach((id, matched) -> byRecord.put(id, matched.stream().map(FileResource::json).toList()));
            result.put(type, byRecord);
        });
        return result;
    }

    private void list(Exchange ex, RecordType type) throws IOException {
        ex.send(200, Map.of("items", files.list(ex.actor, type.getApiName(), ex.param("id")).stream().map(FileResource::json).toList()));
    }

    private void upload(Exchange ex, RecordType type) throws IOException {
        boolean confidential = "true".equals(ex.query("confidential"));
        // The body may be larger than the cap only by the multipart framing; the store refuses the file itself past it.
        long limit = files.maxSize() + 64 * 1024;
        StoredFile stored;
        try (InputStream body = ex.limitedBody(limit)) {
            String contentType = ex.request.getContentType();
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                stored = uploadPart(ex, type, body, contentType, confidential);
            } else {
                String name = fileName(ex.header("Content-Disposition"));
                stored = store(ex, type, new NewFile(name, contentType, confidential), body);
            }
        }
        ex.setHeader("Location", "/api/v1/files/" + stored.id());
        ex.send(201, json(stored));
    }

    private StoredFile uploadPart(Exchange ex, RecordType type, InputStream body, String contentType, boolean confidential) throws IOException {
        try {
            FileItemIterator parts = new ServletFileUpload().getItemIterator(new UploadContext() {
                @Override
                public long contentLength() {
                    return ex.request.getContentLengthLong();
                }

                @Override
                public String getCharacterEncoding() {
                    return StandardCharsets.UTF_8.name();
                }

                @Override
                public String getContentType() {
                    return contentType;
                }

                @Override
                @Deprecated
                public int getContentLength() {
                    return ex.request.getContentLength();
                }

                @Override
                public InputStream getInputStream() {
                    return body;
                }
            });
            boolean isConfidential = confidential;
            while (parts.hasNext()) {
                FileItemStream part = parts.next();
                if (part.isFormField()) {
                    if ("confidential".equals(part.getFieldName())) {
                        try (InputStream in = part.openStream()) {
                            isConfidential = "true".equalsIgnoreCase(Streams.asString(in, "UTF-8").strip());
                        }
                    }
                } else if ("file".equals(part.getFieldName())) {
                    try (InputStream in = part.openStream()) {
                        return store(ex, type, new NewFile(part.getName(), part.getContentType(), isConfidential), in);
                    }
                }
            }
        } catch (FileUploadException e) {
            throw new ApiException(400, "Bad request", "The multipart body could not be read: " + e.getMessage(),
                    List.of(new FieldError("file", "invalid", "not a valid multipart/form-data body")));
        }
        throw new ApiException(400, "Bad request", "Send the file in a part named file", List.of(new FieldError("file", "required", "no part named file")));
    }

    private StoredFile store(Exchange ex, RecordType type, NewFile file, InputStream content) {
        try {
            return files.store(ex.actor, type.getApiName(), ex.param("id"), file, content);
        } catch (UncheckedIOException e) {
            throw new ApiException(400, "Bad request", "The upload could not be read to its end: " + e.getCause().getMessage(),
                    List.of(new FieldError("file", "invalid", "incomplete upload")));
        }
    }

    /** The file name of a raw upload's Content-Disposition (filename* per RFC 6266 first), or null. */
    static String fileName(String contentDisposition) {
        if (contentDisposition == null) {
            return null;
        }
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        Map<String, String> params = parser.parse(contentDisposition, ';');
        return params.get("filename");
    }

    private void download(Exchange ex) throws IOException {
        FileContent content = files.open(ex.actor, ex.param("fileId"));
        StoredFile file = content.file();
        String etag = file.etag();
        ex.response.setHeader("ETag", etag);
        ex.response.setHeader("Accept-Ranges", "bytes");
        ex.response.setHeader("Cache-Control", "private, no-cache");
        if (etag.equals(ex.header("If-None-Match"))) {
            ex.response.setStatus(304);
            return;
        }
        boolean inline = "inline".equals(ex.query("disposition")) && file.previewable();
        ex.response.setHeader("Content-Disposition", contentDisposition(inline ? "inline" : "attachment", file.name()));
        if (!"application/pdf".equals(file.mediaType())) {
            // Whatever it is, it runs nothing in the application's origin (the PDF viewer needs its plugin).
            ex.response.setHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
        }
        ex.response.setContentType(file.mediaType());
        long first = 0;
        long length = file.size();
        String range = ex.header("Range");
        String ifRange = ex.header("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            long[] bounds = range(range, file.size());
            if (bounds == null) {
                ex.response.setHeader("Content-Range", "bytes */" + file.size());
                throw new ApiException(416, "Range not satisfiable", "The file has " + file.size() + " bytes; ask for one range "
                        + "within them, such as bytes=0-1023", List.of(new FieldError("Range", "invalid", "not within the file")));
            }
            if (bounds.length == 2) {
                first = bounds[0];
                length = bounds[1] - bounds[0] + 1;
                ex.response.setStatus(206);
                ex.response.setHeader("Content-Range", "bytes " + bounds[0] + "-" + bounds[1] + "/" + file.size());
            }
        }
        if (ex.response.getStatus() != 206) {
            ex.response.setStatus(200);
        }
        ex.response.setContentLengthLong(length);
        try (InputStream in = content.read(first, length)) {
            OutputStream out = ex.response.getOutputStream();
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    /**
     * The single range asked for as {first, last}; an empty array to answer the whole file (several ranges, or a header
     * that is not a byte range: RFC 9110 lets a server ignore it); null if it is not within the file.
     */
    static long[] range(String header, long size) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return new long[0];
        }
        try {
            long first;
            long last;
            if (m.group(1).isEmpty()) { // the last n bytes
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    return null;
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
            return first > last || first >= size ? null : new long[] {first, last};
        } catch (NumberFormatException e) {
            return null; // more digits than a long: beyond any file
        }
    }

    /** RFC 6266: a plain ASCII fallback name and the exact name in UTF-8 (RFC 8187). */
    static String contentDisposition(String kind, String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._ -]", "_");
        return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
