package dev.cookiewarden.endpoint;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.record.ConsentAction;
import dev.cookiewarden.record.ConsentLog;
import dev.cookiewarden.record.ConsentRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a choice into a proof-of-consent record and keeps it (GDPR art. 7(1)), and turns records
 * back into JSON-ready maps for the visitor's export and the admin endpoint. Immutable and
 * thread-safe.
 */
public final class ConsentRecorder {
    private final WardenConfig config;
    private final ConsentLog log;
    private final String configHash;
    private final byte[] ipKey;

    /**
     * @param config the configuration (categories, revision, IP hashing)
     * @param log where records are kept
     * @param configHash identifies the configuration and banner texts shown
     * @param ipKey the key of the IP hash (HMAC-SHA256), used only with {@code consent-log.ip-hash=true}
     */
    public ConsentRecorder(WardenConfig config, ConsentLog log, String configHash, byte[] ipKey) {
        this.config = config;
        this.log = log;
        this.configHash = configHash;
        this.ipKey = ipKey.clone();
    }

    /** Where records are kept. */
    public ConsentLog log() {
        return log;
    }

    /**
     * Records one choice and returns once the store has it (durably, for the JSON Lines store).
     *
     * @throws IOException when the store cannot keep it
     */
    void record(String consentId, String action, Set<String> granted, Instant now, String language,
                String remoteAddr) throws IOException {
        Map<String, Boolean> grants = new LinkedHashMap<>();
        for (Category c : config.categories()) {
            grants.put(c.id(), c.required() || granted.contains(c.id()));
        }
        String ipHash = config.consentLogIpHash() ? ipHash(remoteAddr) : null;
        log.append(new ConsentRecord(consentId, now, action(action), grants, config.policyRevision(), configHash,
                language, ipHash));
    }

    private static ConsentAction action(String action) {
        return switch (action) {
            case "accept-all" -> ConsentAction.ACCEPT_ALL;
            case "reject-all" -> ConsentAction.REJECT_ALL;
            case "withdraw" -> ConsentAction.WITHDRAW;
            case "gpc-refusal" -> ConsentAction.GPC_REFUSAL;
            default -> ConsentAction.CUSTOM;
        };
    }

    /**
     * A keyed hash of the truncated address (IPv4 /24, IPv6 /48): it can tell records from one
     * network apart without storing, or letting anyone recompute, the address.
     */
    String ipHash(String remoteAddr) {
        if (remoteAddr == null) {
            return null;
        }
        byte[] address;
        try {
            // Only literal addresses reach here (getRemoteAddr): no name lookup happens.
            address = InetAddress.getByName(remoteAddr).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
        byte[] truncated = Arrays.copyOf(address, address.length == 4 ? 3 : 6);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ipKey, "HmacSHA256"));
            mac.update("cookie-warden ip".getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac.doFinal(truncated), 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The records of one consent id, oldest first, as JSON-ready maps. */
    List<Map<String, Object>> history(String consentId) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConsentRecord r : log.history(consentId)) {
            out.add(toMap(r));
        }
        return out;
    }

    /** A record as a JSON-ready map, with the same field names as the JSON Lines store. */
    static Map<String, Object> toMap(ConsentRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consentId", r.consentId());
        m.put("timestamp", r.timestamp().toString());
        m.put("action", r.action().token());
        m.put("grants", r.grants());
        m.put("policyRevision", r.policyRevision());
        m.put("configHash", r.configHash());
        m.put("language", r.language());
        if (r.ipHash() != null) {
            m.put("ipHash", r.ipHash());
        }
        return m;
    }

    @Override
    public String toString() {
        return "ConsentRecorder[" + log.kind() + "]";
    }
}
