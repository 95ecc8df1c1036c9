package dev.cookiewarden.register;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The register as JSON, written by Jackson from maps (never by hand):
 * <pre>
 * {"revision": 3, "effectiveDate": "2026-03-01" | null, "configHash": "64 hex",
 *  "categories": [{"id": "analytics", "required": false, "legalBasis": "consent",
 *                  "label": {"en": "...", "fr": "..."}, "description": {"en": "...", "fr": "..."},
 *                  "cookies": [{"name": "_ga", "provider": "...", "purpose": {"en": "...", "fr": "..."},
 *                               "retention": "P13M" | "session", "thirdParty": true,
 *                               "path": "/", "domain": "example.fr" | null}]}]}
 * </pre>
 * {@code legalBasis} is {@code strictly-necessary} (exempt from consent) or {@code consent}. The
 * consent cookie is the first cookie of the first required category, or of a group with the id
 * {@value Register#TOOL_GROUP_ID} when no category is required; its provider is given in the
 * default language. {@code <}, {@code >}, {@code &} and {@code '} are written as {@code \}u
 * escapes, as the consent endpoint does, should a browser ever read the file as HTML. Stateless.
 */
final class PolicyJson {
    static final String STRICTLY_NECESSARY = "strictly-necessary";
    static final String CONSENT = "consent";

    private static final ObjectWriter WRITER = writer();

    private PolicyJson() {
    }

    static byte[] of(Register register, int revision, Optional<LocalDate> effectiveDate, ConfigHash hash) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("revision", revision);
        root.put("effectiveDate", effectiveDate.map(LocalDate::toString).orElse(null));
        root.put("configHash", hash.value());
        List<Object> categories = new ArrayList<>();
        for (Register.Group g : register.groups()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", g.id());
            c.put("required", g.required());
            c.put("legalBasis", g.required() ? STRICTLY_NECESSARY : CONSENT);
            c.put("label", g.labels());
            c.put("description", g.descriptions());
            List<Object> cookies = new ArrayList<>();
            for (Register.Entry e : g.entries()) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("name", e.name());
                k.put("provider", register.in(e.providers(), register.defaultLanguage()));
                k.put("purpose", e.purposes());
                k.put("retention", e.retention().map(Object::toString).orElse("session"));
                k.put("thirdParty", e.thirdParty());
                k.put("path", e.path());
                k.put("domain", e.domain());
                cookies.add(k);
            }
            c.put("cookies", cookies);
            categories.add(c);
        }
        root.put("categories", categories);
        try {
            return WRITER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the register as JSON", e);
        }
    }

    private static ObjectWriter writer() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new HtmlEscapes());
        return new ObjectMapper(factory).writer();
    }

    /** Jackson's standard escapes plus {@code < > & '}. */
    private static final class HtmlEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        HtmlEscapes() {
            int[] table = CharacterEscapes.standardAsciiEscapesForJSON();
            for (char c : new char[] {'<', '>', '&', '\''}) {
                table[c] = CharacterEscapes.ESCAPE_STANDARD;
            }
            this.escapes = table;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
