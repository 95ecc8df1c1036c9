package dev.cookiewarden.banner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.UndeclaredMode;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCookies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The banner's one script ({@code cw.js}): a fixed template, the guard followed by the banner's
 * behaviour, with the configuration's classification table written into it as a JSON literal.
 * Built once at startup; immutable and thread-safe.
 *
 * <p>The script runs synchronously at the top of {@code <head>}, before any page script. Its
 * guard part wraps the {@code document.cookie} setter at once, so that a cookie of a category the
 * visitor has not granted (or an undeclared one under {@code cookies.undeclared=block}) is
 * dropped, deletions excepted, and sets Google Consent Mode defaults when consent mode is on; its
 * banner part waits for {@code DOMContentLoaded}. The visitor's state is not in the file (which
 * is cached for a year) but in the script tag's {@code data-cw-*} attributes. One file rather than
 * a guard and a deferred script: it compresses better, and a page makes one request fewer.
 *
 * <p>The data, by key:
 * <pre>
 * cookies         [[regex, category, path, domain?], ...] the declarations in the order the
 *                                                    server tries them: exact names, then globs
 *                                                    with the most literal characters first (ties
 *                                                    in declaration order); the first match wins
 * required        [category, ...]                    always granted
 * blockUndeclared true | false                       cookies.undeclared=block
 * consent         [name, "__Host-" + name]            the consent cookie, never written from script
 * gpc             true | false                       gpc.honor
 * report          true                               refused names are reported (POST guard),
 *                                                    only when admin.token lets the inventory
 *                                                    they feed be read; absent otherwise
 * consentMode     {"wait": millis, "types": {googleType: true | false | category}}, only when
 *                                                    consent-mode.enabled=true
 * </pre>
 * Each name pattern becomes the source of a regular expression, used with the {@code s} flag:
 * {@code ^} + the literal characters, regex syntax characters escaped with a backslash, with
 * every {@code *} as {@code .*} + {@code $}. That is how the server's {@code CookieClassifier}
 * compiles globs (quoted literals, {@code .*}, {@code DOTALL}), and the escaped source means the
 * same to Java's and JavaScript's regex engines, so a name is classified alike on both sides:
 * {@code *} is any run of characters, matching is case-sensitive, an exact name wins over any
 * glob.
 *
 * <p>The JSON is written by Jackson with {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as
 * {@code \}{@code u} escapes, so no configured value (a cookie path may contain
 * {@code </script>}) can end the script should it ever be inlined, or change its meaning.
 */
public final class GuardScript {
    /** The template, a resource next to this class. */
    static final String TEMPLATE = "cw.js";
    /** The placeholder in the template that the JSON data replaces. */
    static final String PLACEHOLDER = "__CW_DATA__";
    /** The seven consent types of Google Consent Mode v2, in the order they are sent. */
    static final List<String> CONSENT_TYPES = List.of("ad_storage", "analytics_storage", "ad_user_data",
            "ad_personalization", "functionality_storage", "personalization_storage", "security_storage");

    /** JavaScript's regex SyntaxCharacter set and {@code /}: escaped with a backslash in both languages. */
    private static final String REGEX_SYNTAX = "^$\\.*+?()[]{}|/";
    private static final ObjectWriter JSON = scriptSafeWriter();

    private final String json;
    private final String source;

    private GuardScript(String json, String source) {
        this.json = json;
        this.source = source;
    }

    /** Builds the script for {@code config}, its consent-mode settings included. */
    public static GuardScript of(WardenConfig config) {
        return of(config, config.consentMode(), config.consentModeWaitMillis(), config.consentModeMapping());
    }

    /** Builds the script with the given consent-mode settings (tests set them directly). */
    static GuardScript of(WardenConfig config, boolean consentMode, int waitMillis, Map<String, String> mapping) {
        String json = toJson(data(config, consentMode, waitMillis, mapping));
        String template = Compactor.js(Assets.resource(TEMPLATE));
        int at = template.indexOf(PLACEHOLDER);
        if (at < 0 || template.indexOf(PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalStateException(TEMPLATE + " must hold the placeholder " + PLACEHOLDER + " exactly once");
        }
        return new GuardScript(json, template.substring(0, at) + json + template.substring(at + PLACEHOLDER.length()));
    }

    /** The whole script. */
    public String source() {
        return source;
    }

    /** The script as UTF-8 bytes (it is ASCII unless the configuration is not). */
    public byte[] bytes() {
        return source.getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON data written into the script. */
    String json() {
        return json;
    }

    static Map<String, Object> data(WardenConfig config, boolean consentMode, int waitMillis,
                                    Map<String, String> mapping) {
        List<String> required = config.categories().stream().filter(Category::required).map(Category::id).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cookies", cookies(config.cookies()));
        data.put("required", required);
        data.put("blockUndeclared", config.undeclaredMode() == UndeclaredMode.BLOCK);
        data.put("consent", List.of(config.consentCookieName(), ConsentCookies.HOST_PREFIX + config.consentCookieName()));
        data.put("gpc", config.honorGpc());
        if (config.keepsInventory()) {
            data.put("report", true); // absent otherwise: the first layer's bytes are counted
        }
        if (consentMode) {
            data.put("consentMode", consentMode(waitMillis, mapping, Set.copyOf(required)));
        }
        return data;
    }

    /**
     * The declarations as {@code [regex, category, path, domain?]}, in the order the server's
     * {@code CookieClassifier} tries them: exact names, then globs with the most literal
     * characters first; the sort is stable, so declaration order breaks ties the same way.
     */
    static List<List<Object>> cookies(List<CookieDeclaration> declarations) {
        List<List<Object>> entries = new ArrayList<>();
        List<CookieDeclaration> globs = new ArrayList<>();
        for (CookieDeclaration d : declarations) {
            if (d.isGlob()) {
                globs.add(d);
            } else {
                entries.add(entry(d));
            }
        }
        globs.sort(Comparator.comparingInt((CookieDeclaration d) -> d.namePattern().replace("*", "").length()).reversed());
        for (CookieDeclaration d : globs) {
            entries.add(entry(d));
        }
        return entries;
    }

    /** The regular expression source (for the {@code s} flag) that matches what {@code namePattern} does. */
    static String regex(String namePattern) {
        StringBuilder b = new StringBuilder(namePattern.length() + 8).append('^');
        for (int i = 0; i < namePattern.length(); i++) {
            char c = namePattern.charAt(i);
            if (c == '*') {
                b.append(".*");
            } else {
                if (REGEX_SYNTAX.indexOf(c) >= 0) {
                    b.append('\\');
                }
                b.append(c);
            }
        }
        return b.append('$').toString();
    }

    private static List<Object> entry(CookieDeclaration d) {
        List<Object> e = new ArrayList<>(List.of(regex(d.namePattern()), d.categoryId(), d.path()));
        if (d.domain() != null) {
            e.add(d.domain());
        }
        return e;
    }

    private static Map<String, Object> consentMode(int waitMillis, Map<String, String> mapping, Set<String> required) {
        // Each type is resolved here once: "granted" and required categories are always granted,
        // "denied" never; any other value is a category the script looks up in the visitor's grants.
        Map<String, Object> types = new LinkedHashMap<>();
        for (String type : CONSENT_TYPES) {
            String v = mapping.getOrDefault(type, "denied");
            types.put(type, v.equals("granted") || required.contains(v) ? Boolean.TRUE
                    : v.equals("denied") ? Boolean.FALSE : v);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wait", waitMillis);
        m.put("types", types);
        return m;
    }

    static String toJson(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the guard data", e);
        }
    }

    private static ObjectWriter scriptSafeWriter() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new ScriptEscapes());
        return new ObjectMapper(factory).writer();
    }

    @Override
    public String toString() {
        return "GuardScript[" + source.length() + " chars, data=" + json.length() + " chars]";
    }

    /**
     * Escapes for JSON inside a script: {@code <}, {@code >} and {@code &} (no {@code </script>},
     * {@code <!--} or entity), and the line separators U+2028 and U+2029, which ended a string
     * literal before ES2019.
     */
    private static final class ScriptEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializableString LS = new SerializedString("\\u2028");
        private static final SerializableString PS = new SerializedString("\\u2029");
        private final int[] ascii;

        ScriptEscapes() {
            int[] table = CharacterEscapes.standardAsciiEscapesForJSON();
            table['<'] = CharacterEscapes.ESCAPE_STANDARD;
            table['>'] = CharacterEscapes.ESCAPE_STANDARD;
            table['&'] = CharacterEscapes.ESCAPE_STANDARD;
            this.ascii = table;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
        }
    }
}
