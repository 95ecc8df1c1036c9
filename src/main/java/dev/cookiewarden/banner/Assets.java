package dev.cookiewarden.banner;

import dev.cookiewarden.config.WardenConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The banner's static files, under {@code <prefix>/assets/}: the first layer's stylesheet
 * {@code cw.css}, the preference center's {@code cw-prefs.css} (loaded only with it) and the one
 * script {@code cw.js} (the guard and the banner's behaviour, built from the configuration by
 * {@link GuardScript}). Built once at filter start; immutable and thread-safe.
 *
 * <p>Each name carries a hash of the content ({@code cw.AbCdEf0123.css}: the first 10
 * characters of the unpadded base64url SHA-256), so a file can be cached for a year
 * ({@code Cache-Control: public, max-age=31536000, immutable}) and a new release or
 * configuration is fetched under a new name. Each file is kept as bytes and gzip-compressed;
 * {@link #serve} picks the gzip copy when {@code Accept-Encoding} allows it (a {@code q=0}
 * refuses it), with {@code Vary: Accept-Encoding}.
 *
 * <p>The entity tag is the hash, {@code "AbCdEf0123"}, and {@code "AbCdEf0123-gzip"} for the
 * gzip copy: a strong validator differs between content codings (RFC 9110 section 8.8.3).
 * A matching {@code If-None-Match} gets {@code 304}.
 */
public final class Assets {
    /** Where the files live below the endpoint prefix. */
    static final String DIRECTORY = "/assets/";
    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    private final Asset css;
    private final Asset prefsCss;
    private final Asset script;
    private final Map<String, Asset> byPath;

    private Assets(byte[] css, byte[] prefsCss, byte[] script) {
        this.css = new Asset("cw", ".css", "text/css; charset=utf-8", css);
        this.prefsCss = new Asset("cw-prefs", ".css", "text/css; charset=utf-8", prefsCss);
        this.script = new Asset("cw", ".js", "text/javascript; charset=utf-8", script);
        this.byPath = Map.of(this.css.path, this.css, this.prefsCss.path, this.prefsCss, this.script.path, this.script);
    }

    /**
     * Loads the stylesheets (comments and whitespace removed, see {@link Compactor}) and builds the
     * script for {@code config}.
     */
    public static Assets of(WardenConfig config) {
        return new Assets(utf8(Compactor.css(resource("cw.css"))), utf8(Compactor.css(resource("cw-prefs.css"))),
                GuardScript.of(config).bytes());
    }

    /** Assets with the given contents (tests). */
    static Assets of(byte[] css, byte[] prefsCss, byte[] script) {
        return new Assets(css.clone(), prefsCss.clone(), script.clone());
    }

    /** The first layer's stylesheet's path below the endpoint prefix, such as {@code /assets/cw.AbCdEf0123.css}. */
    public String cssPath() {
        return css.path;
    }

    /**
     * The preference center's stylesheet's path below the endpoint prefix, such as
     * {@code /assets/cw-prefs.AbCdEf0123.css}.
     */
    public String prefsCssPath() {
        return prefsCss.path;
    }

    /** The script's path below the endpoint prefix, such as {@code /assets/cw.AbCdEf0123.js}. */
    public String scriptPath() {
        return script.path;
    }

    /**
     * What the first layer costs on the wire besides its markup: the gzip-compressed sizes of
     * {@code cw.css} and {@code cw.js} together, in bytes ({@code cw-prefs.css} comes only with the
     * preference center).
     */
    public int firstLayerGzipped() {
        return css.gzipped.length + script.gzipped.length;
    }

    /**
     * Answers a request for one of the files.
     *
     * @param pathBelowPrefix the request path less the context path and the endpoint prefix,
     *     such as {@code /assets/cw.AbCdEf0123.css}
     * @return false when no file has that name (the caller answers 404); true when the response
     *     was written: 200 or 304 for GET and HEAD, 405 otherwise
     */
    public boolean serve(String pathBelowPrefix, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Asset asset = byPath.get(pathBelowPrefix);
        if (asset == null) {
            return false;
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.setStatus(405);
            response.setHeader("Allow", "GET, HEAD");
            response.setContentLength(0);
            return true;
        }
        boolean gzip = acceptsGzip(request.getHeaders("Accept-Encoding"));
        String etag = gzip ? asset.gzipEtag : asset.etag;
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setHeader("Vary", "Accept-Encoding");
        response.setHeader("ETag", etag);
        if (matches(request.getHeaders("If-None-Match"), etag)) {
            response.setStatus(304);
            return true;
        }
        byte[] body = gzip ? asset.gzipped : asset.bytes;
        response.setStatus(200);
        response.setContentType(asset.contentType);
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
        return true;
    }

    /** The size of {@code data} once gzip-compressed as served. */
    public static int gzipSize(byte[] data) {
        return gzip(data).length;
    }

    /** The first 10 characters of the unpadded base64url SHA-256 of {@code data}. */
    static String hash(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 32);
        try (GZIPOutputStream z = new BestGzip(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Whether the {@code Accept-Encoding} values allow gzip (RFC 9110 section 12.5.3): a
     * {@code gzip} (or {@code x-gzip}) entry with a non-zero weight, else a non-zero {@code *}.
     * An explicit {@code q=0}, or a weight that is not a qvalue, refuses.
     */
    static boolean acceptsGzip(Enumeration<String> values) {
        Boolean gzip = null;
        Boolean any = null;
        for (String value : values == null ? List.<String>of() : Collections.list(values)) {
            for (String item : value.split(",")) {
                String[] params = item.split(";");
                String coding = params[0].trim().toLowerCase(Locale.ROOT);
                boolean accepted = weight(params) > 0;
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = (gzip == null || gzip) && accepted;
                } else if (coding.equals("*")) {
                    any = (any == null || any) && accepted;
                }
            }
        }
        return gzip != null ? gzip : any != null && any;
    }

    private static double weight(String[] params) {
        double q = 1;
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            if (p.length() >= 2 && p.regionMatches(true, 0, "q=", 0, 2)) {
                String v = p.substring(2).trim();
                q = QVALUE.matcher(v).matches() ? Double.parseDouble(v) : 0;
            }
        }
        return q;
    }

    /** Whether an {@code If-None-Match} value lists {@code etag} (weak comparison) or is {@code *}. */
    static boolean matches(Enumeration<String> values, String etag) {
        for (String value : values == null ? List.<String>of() : Collections.list(values)) {
            for (String tag : value.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A text resource next to this class, read as UTF-8. */
    static String resource(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The resource dev/cookiewarden/banner/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Assets[" + css + ", " + prefsCss + ", " + script + "]";
    }

    /** One file: its hashed path, type, bytes and gzip copy; never modified after construction. */
    private static final class Asset {
        final String path;
        final String contentType;
        final byte[] bytes;
        final byte[] gzipped;
        final String etag;
        final String gzipEtag;

        Asset(String base, String extension, String contentType, byte[] bytes) {
            String hash = hash(bytes);
            this.path = DIRECTORY + base + "." + hash + extension;
            this.contentType = contentType;
            this.bytes = bytes;
            this.gzipped = gzip(bytes);
            this.etag = "\"" + hash + "\"";
            this.gzipEtag = "\"" + hash + "-gzip\"";
        }

        @Override
        public String toString() {
            return path + " " + bytes.length + "B/" + gzipped.length + "B gzip";
        }
    }

    /** Gzip at the highest compression level: compressed once, served many times. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(ByteArrayOutputStream out) throws IOException {
            super(out);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
