package dev.cookiewarden.banner;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request of a page that may get the banner. A conditional request must not let the
 * application answer 304 for a page cached in another consent state (with the banner, say, when
 * the visitor has since chosen): {@code If-None-Match} keeps only entity tags carrying the
 * current state (see {@link BannerResponse}), stripped of it, and {@code If-Modified-Since} is
 * dropped, since a date cannot tell states apart. Only requests that accept {@code text/html}
 * are touched; one instance per request, not thread-safe.
 */
public final class BannerRequest extends HttpServletRequestWrapper {
    private static final String IF_NONE_MATCH = "If-None-Match";
    private static final String IF_MODIFIED_SINCE = "If-Modified-Since";

    private final String stateTag;
    /** The rewritten {@code If-None-Match}, made when first asked for: most pages never ask. */
    private String ifNoneMatch;
    private boolean rewritten;

    /**
     * @param request the request to wrap
     * @param stateTag the visitor's consent state token, as {@link BannerResponse} appends it
     */
    public BannerRequest(HttpServletRequest request, String stateTag) {
        super(request);
        this.stateTag = stateTag;
    }

    private String ifNoneMatch() {
        if (!rewritten) {
            ifNoneMatch = rewrite(super.getHeader(IF_NONE_MATCH), stateTag);
            rewritten = true;
        }
        return ifNoneMatch;
    }

    /** Whether a request wants a page that gets the banner, and which request header said so. */
    public enum PageWish {
        /** No page: a frame, an embedded object, a script, a client that does not accept HTML. */
        NONE,
        /** A page, by the browser's {@code Sec-Fetch-Dest: document}. */
        BY_FETCH_DEST,
        /**
         * A page, by an {@code Accept} with {@code text/html} from a client that sends no
         * {@code Sec-Fetch-Dest}: the response depends on {@code Accept} as well, and says so in
         * its {@code Vary}.
         */
        BY_ACCEPT;

        /** Whether a page is wanted. */
        public boolean wanted() {
            return this != NONE;
        }
    }

    /**
     * Whether a request may be answered with a page that gets the banner, and by which header. A
     * browser that says what it loads ({@code Sec-Fetch-Dest}) wants one when it loads a
     * {@code document}, and not for a frame or an embedded object, where a banner would be shown
     * inside another page; its {@code Accept} then adds nothing (a navigation's always has
     * {@code text/html}), and is not read: on Tomcat reading a header is decoding it. Any other
     * client wants one when it accepts HTML.
     */
    public static PageWish pageWish(HttpServletRequest request) {
        String dest = request.getHeader("Sec-Fetch-Dest");
        if (dest != null) {
            return dest.trim().equalsIgnoreCase("document") ? PageWish.BY_FETCH_DEST : PageWish.NONE;
        }
        String accept = request.getHeader("Accept");
        return accept != null && containsIgnoreCase(accept, "text/html") ? PageWish.BY_ACCEPT : PageWish.NONE;
    }

    /** Whether {@code text} contains {@code part} in any ASCII case, without a lower-cased copy. */
    static boolean containsIgnoreCase(String text, String part) {
        for (int i = 0; i + part.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static String rewrite(String header, String stateTag) {
        if (header == null) {
            return null;
        }
        String suffix = "-" + stateTag + "\"";
        List<String> kept = new ArrayList<>();
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.endsWith(suffix)) {
                kept.add(t.substring(0, t.length() - suffix.length()) + "\"");
            }
        }
        return kept.isEmpty() ? null : String.join(", ", kept);
    }

    private static boolean is(String name, String header) {
        return header.equalsIgnoreCase(name);
    }

    @Override
    public String getHeader(String name) {
        if (is(name, IF_NONE_MATCH)) {
            return ifNoneMatch();
        }
        if (is(name, IF_MODIFIED_SINCE)) {
            return null;
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (is(name, IF_NONE_MATCH)) {
            String kept = ifNoneMatch();
            return kept == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(kept));
        }
        if (is(name, IF_MODIFIED_SINCE)) {
            return Collections.emptyEnumeration();
        }
        return super.getHeaders(name);
    }

    @Override
    public long getDateHeader(String name) {
        if (is(name, IF_MODIFIED_SINCE)) {
            return -1;
        }
        return super.getDateHeader(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(n -> is(n, IF_MODIFIED_SINCE) || is(n, IF_NONE_MATCH) && ifNoneMatch() == null);
        return Collections.enumeration(names);
    }

    @Override
    public String toString() {
        return "BannerRequest[ifNoneMatch=" + (rewritten ? String.valueOf(ifNoneMatch != null) : "not asked") + "]";
    }
}
