package dev.cookiewarden.enforce;

import dev.cookiewarden.config.CookieNames;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code Set-Cookie} header value, parsed the way a browser parses it (RFC 6265bis section
 * 5.6), so that what the filter decides about a cookie is what the browser will store.
 *
 * <p>For example {@code sid=abc=1; Path=/app; expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=-1}
 * is the cookie {@code sid} with value {@code abc=1} (the name ends at the first {@code =}), path
 * {@code /app}, and it deletes the cookie: Max-Age wins over Expires (section 5.7). The parser is
 * lenient where browsers are lenient and fails closed where they drop the cookie: a value that
 * {@link #parse} cannot accept is one the filter must not pass on.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows the value.
 */
public final class SetCookieHeader {
    /** Longest name plus value a browser accepts, in octets (6265bis section 5.6 step 5). */
    static final int MAX_NAME_VALUE_OCTETS = 4096;
    /** Longest header value we look at: twice the cookie limit leaves ample room for attributes. */
    static final int MAX_HEADER_CHARS = 8192;
    /** Longest attribute value a browser accepts, in octets (section 5.6, attribute step 6). */
    static final int MAX_ATTRIBUTE_VALUE_OCTETS = 1024;
    /** The cookie age limit browsers apply, 400 days (section 5.5). */
    static final long MAX_AGE_LIMIT_SECONDS = 400L * 24 * 60 * 60;

    private static final String EPOCH_EXPIRES = "Thu, 01 Jan 1970 00:00:00 GMT";

    private final String name;
    private final String value;
    private final Long maxAge;
    private final Instant expires;
    private final String domain;
    private final String path;
    private final boolean secure;
    private final boolean httpOnly;
    private final String sameSite;
    private final boolean partitioned;
    private final List<String> unknownAttributes;

    private SetCookieHeader(String name, String value, Long maxAge, Instant expires, String domain,
                            String path, boolean secure, boolean httpOnly, String sameSite,
                            boolean partitioned, List<String> unknownAttributes) {
        this.name = name;
        this.value = value;
        this.maxAge = maxAge;
        this.expires = expires;
        this.domain = domain;
        this.path = path;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
        this.partitioned = partitioned;
        this.unknownAttributes = List.copyOf(unknownAttributes); // no copy when already immutable
    }

    /**
     * Parses one {@code Set-Cookie} header value.
     *
     * @param headerValue the header value, without the {@code Set-Cookie:} field name
     * @return the cookie, or empty when a browser would ignore the whole header (a control
     *         character, name plus value over 4096 octets, both empty) or it is null or longer
     *         than 8192 characters: the caller drops it
     */
    public static Optional<SetCookieHeader> parse(String headerValue) {
        if (headerValue == null || headerValue.length() > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        // Section 5.6 step 1: a CTL other than HTAB anywhere voids the whole header. This is also
        // what keeps CR/LF (header splitting) out of anything we re-serialize.
        for (int i = 0; i < headerValue.length(); i++) {
            if (CookieSyntax.isForbiddenControl(headerValue.charAt(i))) {
                return Optional.empty();
            }
        }
        // Bounds first, then each part cut once.
        int semicolon = headerValue.indexOf(';');
        int pairEnd = semicolon < 0 ? headerValue.length() : semicolon;
        // Step 3: without '=' the whole pair is the value of a nameless cookie (6265bis changed
        // this from RFC 6265, which ignored such headers).
        int equals = headerValue.indexOf('=');
        if (equals >= pairEnd) {
            equals = -1;
        }
        String name = equals < 0 ? "" : trimmed(headerValue, 0, equals);
        String value = trimmed(headerValue, equals + 1, pairEnd);
        if (name.isEmpty() && value.isEmpty()) {
            return Optional.empty(); // The storage model (section 5.7) ignores such a cookie.
        }
        if (CookieSyntax.octets(name) + CookieSyntax.octets(value) > MAX_NAME_VALUE_OCTETS) {
            return Optional.empty();
        }
        if (semicolon < 0) {
            return Optional.of(new SetCookieHeader(name, value, null, null, null, null, false, false, null, false,
                    List.of()));
        }
        AttributeParser attributes = new AttributeParser(headerValue);
        attributes.parse(semicolon + 1);
        return Optional.of(new SetCookieHeader(name, value, attributes.maxAge, attributes.expires,
                attributes.domain, attributes.path, attributes.secure, attributes.httpOnly,
                attributes.sameSite, attributes.partitioned,
                attributes.unknown == null ? List.of() : attributes.unknown));
    }

    /** {@code s} from {@code from} to {@code to} without leading and trailing SP and HTAB. */
    private static String trimmed(String s, int from, int to) {
        int start = CookieSyntax.skipWsp(s, from, to);
        return s.substring(start, CookieSyntax.backWsp(s, start, to));
    }

    /**
     * A header value that makes a browser delete the cookie {@code name} set with this path and
     * domain: {@code name=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=...}.
     * Both lifetime attributes are sent because old user agents know only Expires.
     *
     * <p>A browser refuses any cookie whose name starts with {@code __Secure-} or {@code __Host-}
     * (in any case, 6265bis section 4.1.3) unless it is Secure, and a {@code __Host-} cookie unless
     * it has Path=/ and no Domain, even to delete it; those rules override the arguments here.
     *
     * @param name the cookie name: non-empty, no surrounding space, no CTL but HTAB, no {@code ;} or {@code =}
     * @param path the path the cookie was set with, starting with {@code /}
     * @param domain the domain it was set with, or null for a host-only cookie
     * @param secure whether to add Secure
     * @return the header value
     * @throws IllegalArgumentException when a part would break the header
     */
    public static String deletion(String name, String path, String domain, boolean secure) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        // The name usually comes from the request's Cookie header, so it is whatever the browser
        // stored: allow all a browser may store (HTAB included), refuse what would break the header.
        if (name.isEmpty() || !name.equals(CookieSyntax.trimWsp(name)) || name.indexOf(';') >= 0
                || name.indexOf('=') >= 0 || name.chars().anyMatch(c -> CookieSyntax.isForbiddenControl((char) c))) {
            throw new IllegalArgumentException("Cookie name [" + name + "] cannot be deleted: it must be non-empty"
                    + " without surrounding spaces, control characters, ';' or '='");
        }
        if (!path.startsWith("/") || CookieSyntax.hasForbidden(path, ";")) {
            throw new IllegalArgumentException("Path [" + path + "] of cookie [" + name
                    + "] must start with '/' and contain no control characters or ';'");
        }
        if (domain != null && !CookieSyntax.isDomainText(domain)) {
            throw new IllegalArgumentException("Domain [" + domain + "] of cookie [" + name
                    + "] must be letters, digits, '-' and '.'");
        }
        boolean host = CookieSyntax.hasPrefix(name, "__Host-");
        StringBuilder sb = new StringBuilder(name).append("=; Max-Age=0; Expires=").append(EPOCH_EXPIRES);
        sb.append("; Path=").append(host ? "/" : path);
        if (domain != null && !host) {
            sb.append("; Domain=").append(domain);
        }
        if (secure || host || CookieSyntax.hasPrefix(name, "__Secure-")) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    /**
     * Starts a cookie the filter writes itself, such as the consent cookie. Unlike {@link #parse},
     * the builder is strict: it accepts only what RFC 6265 section 4.1 lets a server send.
     *
     * @param name an RFC 9110 token
     * @param value cookie-octets, optionally in double quotes
     * @return a builder; not thread-safe
     */
    public static Builder builder(String name, String value) {
        return new Builder(name, value);
    }

    /** The cookie name; empty for a nameless cookie. */
    public String name() {
        return name;
    }

    /** The cookie value as sent, quotes included. */
    public String value() {
        return value;
    }

    /**
     * True when the name is empty ({@code =x} or {@code x} without {@code =}). Browsers store these
     * under the empty name and send them back as a bare value, which servers read in different
     * ways, so the filter drops them.
     */
    public boolean isNameless() {
        return name.isEmpty();
    }

    /**
     * Max-Age in seconds, saturated at the bounds of {@code long}; zero or less deletes the cookie.
     * Empty when absent or malformed (not {@code -}? followed by digits only, section 5.6.2).
     */
    public OptionalLong maxAge() {
        return maxAge == null ? OptionalLong.empty() : OptionalLong.of(maxAge);
    }

    /** Expires, when present and parseable as a cookie-date (section 5.1.1). */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /**
     * The Path attribute; empty when absent or not starting with {@code /}, in which case the
     * browser uses the default-path of the request URI (section 5.1.4).
     */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** The Domain attribute without its leading dot and in lower case; empty for a host-only cookie. */
    public Optional<String> domain() {
        return Optional.ofNullable(domain);
    }

    /** Whether Secure is present. */
    public boolean secure() {
        return secure;
    }

    /** Whether HttpOnly is present. */
    public boolean httpOnly() {
        return httpOnly;
    }

    /**
     * The SameSite value: {@code Strict}, {@code Lax} or {@code None} in that spelling when
     * recognized, otherwise as written (see {@link #sameSiteRecognized()}).
     */
    public Optional<String> sameSite() {
        return Optional.ofNullable(sameSite);
    }

    /**
     * True when SameSite is Strict, Lax or None. Any other value gives the browser's default
     * enforcement (section 5.6.7), as if the attribute were absent.
     */
    public boolean sameSiteRecognized() {
        return sameSite != null && CookieSyntax.canonicalSameSite(sameSite) != null;
    }

    /** Whether Partitioned (CHIPS) is present. */
    public boolean partitioned() {
        return partitioned;
    }

    /**
     * Whether this header deletes the cookie rather than sets it: Max-Age of zero or less, or,
     * when there is no Max-Age, an Expires not after {@code now}. Max-Age takes precedence over
     * Expires (section 5.7), so {@code Max-Age=60} with a past Expires sets the cookie.
     */
    public boolean isDeletion(Instant now) {
        Objects.requireNonNull(now, "now");
        if (maxAge != null) {
            return maxAge <= 0;
        }
        return expires != null && !expires.isAfter(now);
    }

    /**
     * This cookie with a lifetime of at most {@code cap}: a larger Max-Age becomes the cap, an
     * Expires after {@code now + cap} becomes {@code now + cap} (whole seconds). Both are capped
     * because a browser uses Max-Age when present and Expires otherwise. A session cookie or one
     * already within the cap is returned as is.
     *
     * @param cap the longest lifetime allowed, not negative
     * @param now the current time
     */
    public SetCookieHeader withLifetimeCappedAt(Duration cap, Instant now) {
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(now, "now");
        if (cap.isNegative()) {
            throw new IllegalArgumentException("Lifetime cap [" + cap + "] must not be negative");
        }
        long capSeconds = cap.getSeconds();
        Long newMaxAge = maxAge != null && maxAge > capSeconds ? Long.valueOf(capSeconds) : maxAge;
        Instant newExpires = expires;
        // Compared as a duration so that a huge cap cannot overflow Instant arithmetic.
        if (expires != null && Duration.between(now, expires).compareTo(cap) > 0) {
            newExpires = now.plus(cap).truncatedTo(ChronoUnit.SECONDS);
        }
        if (Objects.equals(newMaxAge, maxAge) && Objects.equals(newExpires, expires)) {
            return this;
        }
        return new SetCookieHeader(name, value, newMaxAge, newExpires, domain, path, secure, httpOnly,
                sameSite, partitioned, unknownAttributes);
    }

    /**
     * The canonical header value: {@code name=value}, then each present attribute once in the order
     * Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite, Partitioned, then unknown
     * attributes as written. Parsing the result gives an equal object.
     */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 64);
        if (!name.isEmpty()) {
            sb.append(name).append('=');
        } else if (value.indexOf('=') >= 0) {
            // A bare "a=b" would be read back as the cookie "a"; "=a=b" keeps it nameless.
            sb.append('=');
        }
        sb.append(value);
        if (expires != null) {
            sb.append("; Expires=").append(CookieDate.format(expires));
        }
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge.longValue());
        }
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        if (path != null) {
            sb.append("; Path=").append(path);
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite);
        }
        if (partitioned) {
            sb.append("; Partitioned");
        }
        for (String attribute : unknownAttributes) {
            sb.append("; ").append(attribute);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetCookieHeader other
                && name.equals(other.name) && value.equals(other.value)
                && Objects.equals(maxAge, other.maxAge) && Objects.equals(expires, other.expires)
                && Objects.equals(domain, other.domain) && Objects.equals(path, other.path)
                && secure == other.secure && httpOnly == other.httpOnly
                && Objects.equals(sameSite, other.sameSite) && partitioned == other.partitioned
                && unknownAttributes.equals(other.unknownAttributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, maxAge, expires, domain, path);
    }

    /** Name, value length and attributes; never the value, which may be a session token. */
    @Override
    public String toString() {
        return "SetCookieHeader[name=" + name + ", value=<" + value.length() + " chars>"
                + (maxAge != null ? ", maxAge=" + maxAge : "")
                + (expires != null ? ", expires=" + expires : "")
                + (domain != null ? ", domain=" + domain : "")
                + (path != null ? ", path=" + path : "")
                + (secure ? ", secure" : "") + (httpOnly ? ", httpOnly" : "")
                + (sameSite != null ? ", sameSite=" + sameSite : "")
                + (partitioned ? ", partitioned" : "")
                + (unknownAttributes.isEmpty() ? "" : ", unknownAttributes=" + unknownAttributes.size())
                + "]";
    }

    /**
     * The attribute half of section 5.6; one instance per parse, not thread-safe. Works on bounds
     * within the header: only the values it keeps are cut out as Strings.
     */
    private static final class AttributeParser {
        private final String header;
        Long maxAge;
        Instant expires;
        String domain;
        String path;
        boolean secure;
        boolean httpOnly;
        String sameSite;
        boolean partitioned;
        /** Made at the first unknown attribute. */
        List<String> unknown;

        AttributeParser(String header) {
            this.header = header;
        }

        void parse(int from) {
            // Only ';' separates attributes: the comma in "Expires=Wed, 21 Oct 2015 ..." is data.
            int start = from;
            while (start <= header.length()) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = header.length();
                }
                attribute(start, end);
                start = end + 1;
            }
        }

        private void attribute(int start, int end) {
            int equals = start;
            while (equals < end && header.charAt(equals) != '=') {
                equals++;
            }
            boolean hasValue = equals < end;
            int nameFrom = CookieSyntax.skipWsp(header, start, equals);
            int nameTo = CookieSyntax.backWsp(header, nameFrom, equals);
            int valueFrom = hasValue ? CookieSyntax.skipWsp(header, equals + 1, end) : end;
            int valueTo = hasValue ? CookieSyntax.backWsp(header, valueFrom, end) : end;
            if (nameFrom == nameTo || CookieSyntax.octets(header, valueFrom, valueTo) > MAX_ATTRIBUTE_VALUE_OCTETS) {
                return; // Ignored by browsers, so neither applied nor passed on.
            }
            // Each recognized attribute overwrites the previous one: the storage model reads the
            // last of each name (section 5.7), so "last wins" falls out of plain assignment.
            // Names are compared ignoring ASCII case only, as a browser compares them.
            if (is("expires", nameFrom, nameTo)) {
                Instant instant = CookieDate.parse(header, valueFrom, valueTo);
                if (instant != null) {
                    expires = instant;
                }
            } else if (is("max-age", nameFrom, nameTo)) {
                Long seconds = parseMaxAge(header, valueFrom, valueTo);
                if (seconds != null) {
                    maxAge = seconds;
                }
            } else if (is("domain", nameFrom, nameTo)) {
                // 5.6.3: an empty value is ignored, but "." becomes an empty domain that
                // replaces an earlier one and makes the cookie host-only (section 5.7).
                if (valueFrom < valueTo) {
                    int d = header.charAt(valueFrom) == '.' ? valueFrom + 1 : valueFrom;
                    domain = d == valueTo ? null : header.substring(d, valueTo).toLowerCase(Locale.ROOT);
                }
            } else if (is("path", nameFrom, nameTo)) {
                // 5.6.4: an invalid Path is not ignored; it resets to the default-path.
                path = valueFrom < valueTo && header.charAt(valueFrom) == '/'
                        ? header.substring(valueFrom, valueTo) : null;
            } else if (is("secure", nameFrom, nameTo)) {
                secure = true;
            } else if (is("httponly", nameFrom, nameTo)) {
                httpOnly = true;
            } else if (is("samesite", nameFrom, nameTo)) {
                String canonical = CookieSyntax.canonicalSameSite(header, valueFrom, valueTo);
                sameSite = canonical != null ? canonical : header.substring(valueFrom, valueTo);
            } else if (is("partitioned", nameFrom, nameTo)) {
                partitioned = true;
            } else {
                if (unknown == null) {
                    unknown = new ArrayList<>(2);
                }
                if (!hasValue) {
                    unknown.add(header.substring(nameFrom, nameTo));
                } else if (nameTo == equals && valueFrom == equals + 1) {
                    unknown.add(header.substring(nameFrom, valueTo)); // "name=value" as written
                } else {
                    unknown.add(header.substring(nameFrom, nameTo) + "=" + header.substring(valueFrom, valueTo));
                }
            }
        }

        /** Whether the header from {@code from} to {@code to} is {@code lowerName} in any ASCII case. */
        private boolean is(String lowerName, int from, int to) {
            if (to - from != lowerName.length()) {
                return false;
            }
            for (int i = 0; i < lowerName.length(); i++) {
                char c = header.charAt(from + i);
                if (c != lowerName.charAt(i) && !(c >= 'A' && c <= 'Z' && c + ('a' - 'A') == lowerName.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Section 5.6.2: an optional '-' then one or more digits, nothing else ("+5", " 5", "5s"
         * are ignored). Numbers beyond a long saturate: the browser caps them at 400 days anyway.
         */
        private static Long parseMaxAge(String text, int from, int to) {
            boolean negative = from < to && text.charAt(from) == '-';
            int start = negative ? from + 1 : from;
            if (start == to) {
                return null;
            }
            long result = 0;
            boolean saturated = false;
            for (int i = start; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                if (!saturated) {
                    if (result > (Long.MAX_VALUE - (c - '0')) / 10) {
                        saturated = true;
                    } else {
                        result = result * 10 + (c - '0');
                    }
                }
            }
            if (saturated) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return negative ? -result : result;
        }
    }

    /**
     * Builds a cookie the filter sets itself. Not thread-safe; {@link #build()} validates
     * everything at once and throws {@link IllegalArgumentException} naming the cookie and the
     * broken rule.
     */
    public static final class Builder {
        private final String name;
        private final String value;
        private Long maxAge;
        private String path;
        private String domain;
        private boolean secure;
        private boolean httpOnly;
        private String sameSite;

        private Builder(String name, String value) {
            this.name = Objects.requireNonNull(name, "name");
            this.value = Objects.requireNonNull(value, "value");
        }

        /**
         * Max-Age in seconds; 0 deletes. Values over 400 days are lowered to 400 days
         * ({@value SetCookieHeader#MAX_AGE_LIMIT_SECONDS} s), the limit browsers apply anyway
         * (6265bis section 5.5). Default: none (a session cookie).
         */
        public Builder maxAge(long seconds) {
            this.maxAge = seconds;
            return this;
        }

        /** The Path, starting with {@code /}. Default: none (the browser's default-path). */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The Domain; a leading dot is dropped. Default: none (host-only). */
        public Builder domain(String domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** Whether to add Secure. Default false. */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** Whether to add HttpOnly. Default false. */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /** SameSite: Strict, Lax or None in any case. Default: none (the browser's default). */
        public Builder sameSite(String sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when the name is not a token, the value has a character
         *         outside cookie-octet, name and value exceed 4096 octets, Max-Age is negative,
         *         Path or Domain is malformed, SameSite is unknown, or a rule that would make the
         *         browser reject the cookie is broken (SameSite=None or a prefix without Secure,
         *         {@code __Host-} with Domain or a Path other than /)
         */
        public SetCookieHeader build() {
            if (!CookieNames.isToken(name)) {
                throw fail("name must be a non-empty RFC 9110 token");
            }
            if (!CookieSyntax.isCookieValue(value)) {
                throw fail("value must be RFC 6265 cookie-octets, optionally in double quotes"
                        + " (no space, '\"', ',', ';', '\\' or control characters)");
            }
            int octets = CookieSyntax.octets(name) + CookieSyntax.octets(value);
            if (octets > MAX_NAME_VALUE_OCTETS) {
                throw fail("name and value are " + octets + " octets, over " + MAX_NAME_VALUE_OCTETS);
            }
            if (maxAge != null && maxAge < 0) {
                throw fail("Max-Age [" + maxAge + "] must not be negative (0 deletes)");
            }
            if (path != null && (!path.startsWith("/") || CookieSyntax.hasForbidden(path, ";"))) {
                throw fail("Path [" + path + "] must start with '/' and contain no control characters or ';'");
            }
            String normalizedDomain = null;
            if (domain != null) {
                normalizedDomain = (domain.startsWith(".") ? domain.substring(1) : domain).toLowerCase(Locale.ROOT);
                if (!CookieSyntax.isDomainText(normalizedDomain)) {
                    throw fail("Domain [" + domain + "] must be letters, digits, '-' and '.'");
                }
            }
            String canonicalSameSite = null;
            if (sameSite != null) {
                canonicalSameSite = CookieSyntax.canonicalSameSite(sameSite);
                if (canonicalSameSite == null) {
                    throw fail("SameSite [" + sameSite + "] must be Strict, Lax or None");
                }
                // Browsers ignore SameSite=None without Secure (section 5.7).
                if (canonicalSameSite.equals("None") && !secure) {
                    throw fail("SameSite=None requires Secure");
                }
            }
            // Section 4.1.3: the browser drops prefixed cookies that break these rules.
            if (CookieSyntax.hasPrefix(name, "__Secure-") && !secure) {
                throw fail("the __Secure- prefix requires Secure");
            }
            if (CookieSyntax.hasPrefix(name, "__Host-")) {
                if (!secure) {
                    throw fail("the __Host- prefix requires Secure");
                }
                if (path == null) {
                    throw fail("the __Host- prefix requires Path=/, none is set");
                }
                if (!path.equals("/")) {
                    throw fail("the __Host- prefix requires Path=/, not [" + path + "]");
                }
                if (normalizedDomain != null) {
                    throw fail("the __Host- prefix forbids Domain, got [" + domain + "]");
                }
            }
            Long cappedMaxAge = maxAge == null ? null : Math.min(maxAge, MAX_AGE_LIMIT_SECONDS);
            return new SetCookieHeader(name, value, cappedMaxAge, null, normalizedDomain, path, secure,
                    httpOnly, canonicalSameSite, false, List.of());
        }

        private IllegalArgumentException fail(String rule) {
            return new IllegalArgumentException("Cookie [" + name + "]: " + rule);
        }
    }
}
