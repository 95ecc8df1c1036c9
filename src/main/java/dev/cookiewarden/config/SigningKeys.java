package dev.cookiewarden.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the {@code keys} value. Every message shows an entry as {@code id:<redacted>} (or its
 * position when it has no usable id): key material never reaches an exception, hence never a log.
 */
final class SigningKeys {
    static final String REDACTED = "<redacted>";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final String FORMAT =
            "comma-separated id:base64 entries, the id being 1 to 16 of A-Z a-z 0-9 _ -";

    private SigningKeys() {
    }

    /** The keys in the order written; empty for null. */
    static List<SigningKey> parse(String value) {
        String key = ConfigKey.KEYS.pattern();
        if (value == null) {
            return List.of();
        }
        String[] entries = value.split(",", -1);
        List<SigningKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).strip();
            if (!ID.matcher(id).matches()) {
                // No usable id: the entry may be bare key material, so only its position is shown.
                String shown = entry.isEmpty() ? "<empty entry " + (i + 1) + ">" : "<redacted entry " + (i + 1) + ">";
                throw new ConfigException(key, shown, FORMAT);
            }
            String shown = id + ":" + REDACTED;
            if (!ids.add(id)) {
                throw new ConfigException(key, shown, "each key id once; [" + id + "] is listed twice");
            }
            byte[] material = decode(entry.substring(colon + 1).strip(), shown);
            try {
                if (material.length < SigningKey.MIN_BYTES) {
                    throw new ConfigException(key, shown, "a key of at least " + SigningKey.MIN_BYTES
                            + " bytes (256 bits); this one has " + material.length);
                }
                keys.add(new SigningKey(id, material));
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        }
        return keys;
    }

    private static byte[] decode(String text, String shown) {
        // '-' and '_' only occur in the URL-safe alphabet, '+' and '/' only in the standard one;
        // both decoders accept missing padding.
        boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character: not repeated here.
            throw new ConfigException(ConfigKey.KEYS.pattern(), shown,
                    "base64 key material (standard or URL-safe alphabet, padding optional)");
        }
    }
}
