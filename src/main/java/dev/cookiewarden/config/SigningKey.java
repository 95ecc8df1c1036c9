package dev.cookiewarden.config;

import java.util.Arrays;
import java.util.Objects;

/**
 * One HMAC-SHA256 key of the key ring: an id (written into every consent cookie it signs) and at
 * least 32 bytes of key material. {@link #toString()} never shows the material.
 */
public final class SigningKey {
    /** The shortest key accepted, in bytes (the output size of SHA-256). */
    public static final int MIN_BYTES = 32;

    private final String id;
    private final byte[] material;

    /**
     * @param id 1 to 16 characters among {@code A-Z a-z 0-9 _ -}
     * @param material at least {@value #MIN_BYTES} bytes; copied
     */
    public SigningKey(String id, byte[] material) {
        this.id = Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
            throw new IllegalArgumentException("Key id [" + id + "] must be 1 to 16 of A-Z a-z 0-9 _ -");
        }
        if (material == null || material.length < MIN_BYTES) {
            throw new IllegalArgumentException("Key [" + id + "] must have at least " + MIN_BYTES + " bytes");
        }
        this.material = material.clone();
    }

    /** The key id. */
    public String id() {
        return id;
    }

    /** A copy of the key material. */
    public byte[] material() {
        return material.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && id.equals(other.id) && Arrays.equals(material, other.material);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[id=" + id + ", " + material.length + " bytes]";
    }
}
