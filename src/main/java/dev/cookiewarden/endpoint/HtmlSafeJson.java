package dev.cookiewarden.endpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Jackson output that is also safe should a browser ever read it as HTML: {@code <}, {@code >},
 * {@code &} and {@code '} are written as unicode escapes (backslash, u, four hex digits), which JSON parsers read
 * back unchanged. Defence in depth behind {@code Content-Type: application/json} and
 * {@code nosniff}, since error messages echo what the client sent.
 */
final class HtmlSafeJson {
    private HtmlSafeJson() {
    }

    static ObjectWriter writer() {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(new HtmlEscapes());
        return new ObjectMapper(factory).writer();
    }

    private static final class HtmlEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        HtmlEscapes() {
            int[] table = CharacterEscapes.standardAsciiEscapesForJSON();
            table['<'] = CharacterEscapes.ESCAPE_STANDARD;
            table['>'] = CharacterEscapes.ESCAPE_STANDARD;
            table['&'] = CharacterEscapes.ESCAPE_STANDARD;
            table['\''] = CharacterEscapes.ESCAPE_STANDARD;
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
