package dev.cookiewarden.enforce;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * The request the application reads. Cookies of categories the visitor has not granted are
 * invisible through every accessor ({@code getCookies}, {@code getHeader("Cookie")},
 * {@code getHeaders}, {@code getHeaderNames}), and each of them is expired in the browser by the
 * response. Session creation and async completion are hooked so that the response can sweep the
 * Set-Cookie headers the container writes behind the wrappers.
 *
 * <p>One instance per request; not thread-safe.
 */
public final class ConsentRequest extends HttpServletRequestWrapper {
    private static final String COOKIE = "Cookie";

    /** The names left visible; only filled, and only read, when a cookie is hidden. */
    private final Set<String> visibleNames;
    private final boolean anyHidden;
    private final String visibleHeader;
    private EnforcingResponse response;
    private ServletRequest outerRequest;
    private ServletResponse outerResponse;
    private SweepingAsyncContext asyncContext;
    private Cookie[] visibleCookies;

    /**
     * @param request the container's request
     * @param enforcement this request's enforcement state; hidden cookies are queued on it for deletion
     * @param cookies the request's cookies as the filter read them
     */
    public ConsentRequest(HttpServletRequest request, RequestEnforcement enforcement, CookieLine cookies) {
        super(request);
        IncomingScreen screen = enforcement.screen(cookies);
        this.anyHidden = screen.anyHidden;
        this.visibleNames = screen.visibleNames;
        this.visibleHeader = screen.visibleHeader;
    }

    /** Connects the response that sweeps after session creation and before async completion. */
    public void bind(EnforcingResponse enforcingResponse) {
        bind(enforcingResponse, this, enforcingResponse);
    }

    /**
     * Connects the enforcing response, and the outermost request and response the filter hands
     * the application (wrappers around these two), which {@link #startAsync()} keeps in the
     * async context so that async code writes through every one of the filter's wrappers.
     */
    public void bind(EnforcingResponse enforcingResponse, ServletRequest outerRequest, ServletResponse outerResponse) {
        this.response = enforcingResponse;
        this.outerRequest = outerRequest;
        this.outerResponse = outerResponse;
    }

    /** The enforcing response this request is bound to, or null before {@link #bind}. */
    public EnforcingResponse enforcingResponse() {
        return response;
    }

    @Override
    public Cookie[] getCookies() {
        if (!anyHidden) {
            return super.getCookies();
        }
        if (visibleCookies == null) {
            Cookie[] all = super.getCookies();
            List<Cookie> kept = new ArrayList<>();
            if (all != null) {
                for (Cookie c : all) {
                    // Keep only names our own parse saw as visible: a container that splits the
                    // header differently can never reveal a hidden cookie (fail closed).
                    if (visibleNames.contains(c.getName())) {
                        kept.add(c);
                    }
                }
            }
            visibleCookies = kept.toArray(new Cookie[0]);
        }
        // Servlet API: null, not an empty array, when the request has no cookies.
        return visibleCookies.length == 0 ? null : visibleCookies.clone();
    }

    @Override
    public String getHeader(String name) {
        if (anyHidden && COOKIE.equalsIgnoreCase(name)) {
            return visibleHeader;
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (anyHidden && COOKIE.equalsIgnoreCase(name)) {
            return visibleHeader == null ? Collections.emptyEnumeration()
                    : Collections.enumeration(List.of(visibleHeader));
        }
        return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        if (anyHidden && visibleHeader == null) {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(COOKIE::equalsIgnoreCase);
            return Collections.enumeration(names);
        }
        return super.getHeaderNames();
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (create) {
            refuseUnsweepableSession();
        }
        try {
            return super.getSession(create);
        } finally {
            // Even when the container throws after writing the cookie (Jetty can).
            touched();
        }
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    /**
     * Once the response is committed (after sendError, say) the filter can no longer remove a
     * session cookie the container writes, yet both containers still write one: refuse to
     * create a session whose cookie is not granted, as the Servlet API allows after commit.
     */
    private void refuseUnsweepableSession() {
        if (response == null || super.getSession(false) != null) {
            return;
        }
        String name = getServletContext().getSessionCookieConfig().getName();
        if (!response.sessionCookieMayBeWritten(name == null ? "JSESSIONID" : name)) {
            throw new IllegalStateException("Cannot create a session after the response has been committed");
        }
    }

    @Override
    public String changeSessionId() {
        if (response != null) {
            String name = getServletContext().getSessionCookieConfig().getName();
            if (!response.sessionCookieMayBeWritten(name == null ? "JSESSIONID" : name)) {
                throw new IllegalStateException("Cannot change the session id after the response has been committed");
            }
        }
        String id;
        try {
            id = super.changeSessionId();
        } finally {
            touched();
        }
        return id;
    }

    private void touched() {
        if (response != null) {
            response.realResponseTouched();
        }
    }

    @Override
    public AsyncContext startAsync() {
        goingAsync();
        // The no-argument form would hand the container's unwrapped response to the async code,
        // letting it write cookies around the filter; keep the wrappers in the context instead.
        if (response == null) {
            return super.startAsync();
        }
        return wrap(super.startAsync(outerRequest, outerResponse));
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
        goingAsync();
        return wrap(super.startAsync(request, servletResponse));
    }

    /** Tells the response handed to the application, when it holds writes back ({@link BeforeAsync}). */
    private void goingAsync() {
        if (outerResponse instanceof BeforeAsync holder) {
            holder.beforeAsync();
        }
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext current = super.getAsyncContext();
        if (asyncContext != null && asyncContext.wraps(current)) {
            return asyncContext;
        }
        return current;
    }

    private AsyncContext wrap(AsyncContext context) {
        asyncContext = new SweepingAsyncContext(context, response);
        return asyncContext;
    }

    @Override
    public String toString() {
        return "ConsentRequest[anyHidden=" + anyHidden + (anyHidden ? ", visible=" + visibleNames.size() : "") + "]";
    }
}
