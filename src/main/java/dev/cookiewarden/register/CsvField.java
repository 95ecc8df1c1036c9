package dev.cookiewarden.register;

/**
 * One CSV field, written for a spreadsheet.
 *
 * <p>Formula injection: a spreadsheet reads a cell that starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return as a formula, and a formula can run commands
 * or send the sheet's data elsewhere (OWASP, "CSV Injection"). Such a field gets a leading
 * {@code '}, which the spreadsheet shows as text. The texts come from the site's own
 * configuration, but a register is passed around, and a provider named {@code =HYPERLINK(...)}
 * should stay a name. A field that legitimately starts with one of these characters (a cookie
 * named {@code -x}) is shown with the {@code '}: a readable price for a safe sheet.
 *
 * <p>Quoting (RFC 4180 section 2): a field containing {@code "}, {@code ,}, CR or LF is enclosed
 * in double quotes, and each {@code "} inside is doubled. Other fields are written as they are.
 * Stateless.
 */
final class CsvField {
    private CsvField() {
    }

    /** {@code value} (null is empty) defended against formulas, then quoted if needed. */
    static String of(String value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** Appends {@code value} (null is empty) defended against formulas, then quoted if needed. */
    static void append(StringBuilder out, String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && startsAFormula(v.charAt(0))) {
            v = "'" + v;
        }
        if (needsQuotes(v)) {
            out.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            out.append(v);
        }
    }

    private static boolean startsAFormula(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private static boolean needsQuotes(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == ',' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
