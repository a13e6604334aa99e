package org.rapportcrm.platform.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/** One file of the console, read once from the bundle: its bytes, a gzipped copy when worth it, and strong ETags. */
final class StaticResource {
    private static final int MIN_GZIP_SIZE = 512;

    final String contentType;
    final byte[] bytes;
    final byte[] gzipped;
    final String etag;
    final String gzipEtag;

    StaticResource(String contentType, byte[] bytes) {
        this.contentType = contentType;
        this.bytes = bytes;
        String digest = digest(bytes);
        this.etag = '"' + digest + '"';
        byte[] gz = isCompressible(contentType) && bytes.length >= MIN_GZIP_SIZE ? gzip(bytes) : null;
        this.gzipped = gz != null && gz.length < bytes.length ? gz : null;
        this.gzipEtag = '"' + digest + "-gz\"";
    }

    static String contentTypeOf(String path) {
        String name = path.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript;charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css;charset=utf-8";
        }
        if (name.endsWith(".html")) {
            return "text/html;charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".webmanifest")) {
            return "application/manifest+json";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".woff2")) {
            return "font/woff2";
        }
        return "application/octet-stream";
    }

    static boolean isCompressible(String contentType) {
        return contentType.startsWith("text/") || contentType.startsWith("image/svg") || contentType.startsWith("application/json")
                || contentType.startsWith("application/manifest+json");
    }

    /** True when an If-None-Match header names this resource (either representation) or is {@code *}. */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag) || t.equals(gzipEtag)) {
                return true;
            }
        }
        return false;
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digest(byte[] bytes) {
        return sha256Base64(bytes).substring(0, 27).replace('+', '-').replace('/', '_');
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            return null;
        }
        return out.toByteArray();
    }
}
