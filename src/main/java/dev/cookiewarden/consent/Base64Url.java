package dev.cookiewarden.consent;

import java.util.Base64;
import java.util.Optional;

/**
 * Unpadded base64url (RFC 4648 section 5) with a strict decoder. Stateless and thread-safe.
 *
 * <p>{@link Base64#getUrlDecoder()} alone is too lenient for signed values: it accepts {@code =}
 * padding and ignores the unused low bits of the last character, so several spellings decode to
 * the same bytes. Here only the one spelling our encoder produces is accepted.
 */
final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    /** The unpadded base64url spelling of {@code bytes}. */
    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code c} is one of {@code A-Z a-z 0-9 - _}. */
    static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /**
     * The bytes {@code text} spells, or empty unless {@code text} is exactly what {@link #encode}
     * would produce for them (no padding, no other alphabet, no stray bits in the last character).
     */
    static Optional<byte[]> decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isAlphabet(text.charAt(i))) {
                return Optional.empty();
            }
        }
        if (text.length() % 4 == 1) {
            return Optional.empty(); // no byte count encodes to this length
        }
        byte[] bytes = DECODER.decode(text);
        return ENCODER.encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }
}
