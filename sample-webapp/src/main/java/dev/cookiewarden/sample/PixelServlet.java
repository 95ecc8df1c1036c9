package dev.cookiewarden.sample;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * {@code /pixel.gif}: a local stand-in for an advertising network's tracking pixel. Like the real
 * thing, it answers a 1x1 transparent GIF and sets its identifier, {@code ad_id}, in that
 * response: granting "Personalised advertising" in the banner makes the page load it, and a cookie
 * set by the server appears without the page being reloaded. Cookie Warden checks this response
 * like any other, so even a pixel loaded without consent could not set its cookie. Stateless.
 */
public final class PixelServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Example Ads keeps its identifier 90 days, as declared in cookie-warden.properties (P3M). */
    static final int AD_ID_MAX_AGE = 90 * 24 * 3600;

    /** The smallest transparent GIF: 1x1, one transparent colour. */
    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        Cookie adId = new Cookie("ad_id", HexFormat.of().formatHex(id));
        adId.setPath("/");
        adId.setMaxAge(AD_ID_MAX_AGE);
        adId.setAttribute("SameSite", "Lax");
        response.addCookie(adId);

        // A pixel is a request per page view, never a cached image: that is how it counts.
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("image/gif");
        response.setContentLength(GIF.length);
        response.getOutputStream().write(GIF);
    }
}
