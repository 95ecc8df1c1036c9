package dev.cookiewarden.register;

import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.MessageKey;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The register as CSV in one language, the input a site's register of processing (GDPR art. 30)
 * asks of its cookies: category, legal basis, purpose, provider (the recipient) and retention.
 * One line per cookie, in the order of the policy page (the consent cookie first under the first
 * required category); a category without cookies gets one line with its description as the
 * purpose and the cookie columns empty.
 *
 * <p>The header names are English and fixed, for tools that read the file; the content is in the
 * chosen language, retention in words ("13 mois"). RFC 4180: CRLF after every line, fields
 * quoted by {@link CsvField}, which also defends against formula injection. UTF-8 with a byte
 * order mark, without which Excel reads the file in the system's legacy code page and mangles
 * French accents. Stateless.
 */
final class RegisterCsv {
    static final String HEADER = "category,legal_basis,cookie,provider,purpose,retention,third_party";
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    private RegisterCsv() {
    }

    static byte[] of(Register register, Messages messages, String lang) {
        StringBuilder out = new StringBuilder(4096).append(HEADER).append("\r\n");
        for (Register.Group g : register.groups()) {
            String label = register.in(g.labels(), lang);
            String basis = capitalized(messages.text(g.required() ? MessageKey.BASIS_EXEMPT : MessageKey.BASIS_CONSENT,
                    lang), lang);
            if (g.entries().isEmpty()) {
                line(out, label, basis, "", "", register.in(g.descriptions(), lang), "", "");
            }
            for (Register.Entry e : g.entries()) {
                line(out, label, basis, e.name(), register.in(e.providers(), lang), register.in(e.purposes(), lang),
                        messages.retention(e.retention(), lang),
                        messages.text(e.thirdParty() ? MessageKey.PARTY_THIRD : MessageKey.PARTY_FIRST, lang));
            }
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, bytes, 0, BOM.length);
        System.arraycopy(text, 0, bytes, BOM.length, text.length);
        return bytes;
    }

    private static void line(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            CsvField.append(out, fields[i]);
        }
        out.append("\r\n");
    }

    /**
     * The legal basis texts follow "Legal basis:" on the page, so they start in lowercase; a cell
     * of its own starts with a capital.
     */
    private static String capitalized(String s, String lang) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new String(Character.toChars(first)).toUpperCase(Locale.forLanguageTag(lang))
                + s.substring(Character.charCount(first));
    }
}
