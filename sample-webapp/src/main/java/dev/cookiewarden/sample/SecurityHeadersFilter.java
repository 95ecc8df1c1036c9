package dev.cookiewarden.sample;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts the shop's security headers on every response it serves, pages and static files alike
 * (the framed {@code /video.html} needs {@code frame-ancestors} as much as a page needs
 * {@code script-src}). Registered after Cookie Warden, which answers its own endpoint itself.
 * Stateless.
 */
public final class SecurityHeadersFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    /**
     * Everything from this site's own files, nothing inline: an injected tag could do little even
     * if an escape were missed. Cookie Warden's banner needs no more than this (its scripts and
     * stylesheet are files under the consent endpoint's prefix), and neither do the shop's
     * analytics script, advertising pixel and video, which are local stand-ins for third parties.
     * {@code frame-src} and {@code frame-ancestors} are {@code 'self'} so that the home page can
     * frame {@code /video.html}, and nobody else can frame the shop.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'self'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        chain.doFilter(request, response);
    }
}
