package dev.cookiewarden.bench;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The application behind the filter in every benchmark that runs one: a small JSON endpoint that
 * sets one cookie (the cart, a required cookie, so it passes for every visitor and the filter
 * does all its work on it), and a 30 KB HTML page, written in one write or in writes of 8 KiB, or
 * as characters through {@code getWriter()}, in 8 Ki-character writes or in 64-character strings,
 * or in writes of 8 KiB or 8 Ki characters with a token in its head that is new on every request.
 * The same code runs in the in-memory filter benchmark and in the load servers, with and without
 * the filter.
 */
public final class ShopApp {
    /** Size of the HTML page: 30 KiB, or the system property {@code bench.page-size} (for experiments). */
    public static final int PAGE_SIZE = Integer.getInteger("bench.page-size", 30 * 1024);

    static final byte[] JSON = ("{\"id\":10412,\"name\":\"Chaise Nordic en chêne\",\"price\":{\"amount\":149.9,"
            + "\"currency\":\"EUR\"},\"stock\":12,\"variants\":[{\"sku\":\"SKU-10412-N\",\"colour\":\"naturel\"},"
            + "{\"sku\":\"SKU-10412-B\",\"colour\":\"noir\"}],\"cart\":{\"items\":2,\"total\":299.8}}")
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] PAGE = new HtmlPages(HtmlPages.Shape.PAGE).page(PAGE_SIZE);

    private ShopApp() {
    }

    /** The JSON endpoint: sets the cart cookie and writes about 250 bytes of JSON. */
    public static void json(HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Cookie cart = new Cookie("cart", "c7e1a9f04b2d");
        cart.setPath("/");
        cart.setMaxAge(7 * 24 * 3600);
        cart.setHttpOnly(true);
        cart.setAttribute("SameSite", "Lax");
        response.addCookie(cart);
        response.getOutputStream().write(JSON);
    }

    /** The HTML page, {@value #PAGE_SIZE} bytes, as one write. */
    public static void page(HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(PAGE);
    }

    /**
     * The same page in writes of 8 KiB, as a template engine or a buffered writer sends it: each
     * write small enough for Jetty to gather in its buffer.
     */
    public static void pageInPieces(HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        writeFrom(response.getOutputStream(), 0);
    }

    /** Writes the page from {@code at} on in writes of {@value #PIECE} bytes. */
    private static void writeFrom(java.io.OutputStream out, int at) throws IOException {
        for (int i = at; i < PAGE.length; i += PIECE) {
            out.write(PAGE, i, Math.min(PIECE, PAGE.length - i));
        }
    }

    /** The size of {@link #pageInPieces}'s writes, in bytes, and of {@link #pageWriter}'s, in characters. */
    static final int PIECE = 8 * 1024;

    /** Where the page's token goes: the seven letters of its title, as {@code InjectorBenchmark} changes them. */
    private static final int TOKEN_AT = HtmlPages.titleLetters(PAGE);

    /** Each thread's copy of the page's first write (its head and body start tag), to carry a new token. */
    private static final ThreadLocal<byte[]> FIRST_PIECE =
            ThreadLocal.withInitial(() -> Arrays.copyOf(PAGE, Math.min(PIECE, PAGE.length)));

    /**
     * {@link #pageInPieces} with a head that is new on every request, as a page carrying a CSRF
     * token or a script nonce in its head has: seven random base-36 letters in its title, the
     * page's length and the place of its body start tag unchanged. The first write is each
     * thread's own copy, rewritten per request, so that neither side allocates for it.
     */
    public static void pageWithToken(HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        byte[] first = FIRST_PIECE.get();
        HtmlPages.stamp(first, TOKEN_AT, ThreadLocalRandom.current().nextLong());
        java.io.OutputStream out = response.getOutputStream();
        out.write(first);
        writeFrom(out, first.length);
    }

    /** The page's characters: encoded in UTF-8 they are {@link #PAGE} again. */
    private static final char[] PAGE_CHARS = new String(PAGE, StandardCharsets.UTF_8).toCharArray();

    /**
     * The same page through {@code getWriter()}, in writes of 8 Ki characters, as a JSP page sends
     * its 8 KB buffer: the container encodes it to the same bytes as {@link #page}.
     */
    public static void pageWriter(HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        writeFrom(response.getWriter(), 0);
    }

    /** Writes the page's characters from {@code at} on in writes of {@value #PIECE} characters. */
    private static void writeFrom(java.io.PrintWriter out, int at) {
        for (int i = at; i < PAGE_CHARS.length; i += PIECE) {
            out.write(PAGE_CHARS, i, Math.min(PIECE, PAGE_CHARS.length - i));
        }
    }

    /** Where the page's token goes in its characters: the same seven letters as {@link #TOKEN_AT}. */
    private static final int TOKEN_CHARS_AT = HtmlPages.titleLetters(new String(PAGE_CHARS));

    /** Each thread's copy of the page's first write as characters, to carry a new token. */
    private static final ThreadLocal<char[]> FIRST_CHARS =
            ThreadLocal.withInitial(() -> Arrays.copyOf(PAGE_CHARS, Math.min(PIECE, PAGE_CHARS.length)));

    static {
        if (TOKEN_AT + 7 > Math.min(PIECE, PAGE.length) || TOKEN_CHARS_AT < 0
                || TOKEN_CHARS_AT + 7 > Math.min(PIECE, PAGE_CHARS.length)) {
            throw new IllegalStateException("The page's title is not in its first write");
        }
    }

    /**
     * {@link #pageWriter} with a head that is new on every request, as {@link #pageWithToken}: a
     * JSP or Thymeleaf page with a CSRF token in its head.
     */
    public static void pageWriterWithToken(HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        char[] first = FIRST_CHARS.get();
        HtmlPages.stamp(first, TOKEN_CHARS_AT, ThreadLocalRandom.current().nextLong());
        java.io.PrintWriter out = response.getWriter();
        out.write(first);
        writeFrom(out, first.length);
    }

    /** The size of {@link #pageTemplate}'s writes, in characters. */
    static final int TEMPLATE_PIECE = 64;

    /** The page's characters cut into strings of {@value #TEMPLATE_PIECE}, made once, as a template holds its text. */
    private static final String[] TEMPLATE_PIECES = cut(new String(PAGE_CHARS), TEMPLATE_PIECE);

    private static String[] cut(String page, int piece) {
        String[] pieces = new String[(page.length() + piece - 1) / piece];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = page.substring(i * piece, Math.min(page.length(), (i + 1) * piece));
        }
        return pieces;
    }

    /**
     * The same page through {@code getWriter()} as strings of {@value #TEMPLATE_PIECE} characters,
     * as a template engine that writes each piece of its template straight to the response does
     * (Thymeleaf under Spring MVC, by default): the container encodes it to the same bytes as
     * {@link #page}.
     */
    public static void pageTemplate(HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        java.io.PrintWriter out = response.getWriter();
        for (String piece : TEMPLATE_PIECES) {
            out.write(piece);
        }
    }

    /** {@link #pageTemplate} as a servlet. */
    public static final class PageTemplateServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            pageTemplate(resp);
        }
    }

    /** {@link #pageWriter} as a servlet. */
    public static final class PageWriterServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            pageWriter(resp);
        }
    }

    /** {@link #pageWriterWithToken} as a servlet. */
    public static final class PageWriterWithTokenServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            pageWriterWithToken(resp);
        }
    }

    /** {@link #json} as a servlet. */
    public static final class JsonServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            json(resp);
        }
    }

    /** {@link #pageInPieces} as a servlet. */
    public static final class PageInPiecesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            pageInPieces(resp);
        }
    }

    /** {@link #pageWithToken} as a servlet. */
    public static final class PageWithTokenServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            pageWithToken(resp);
        }
    }

    /** {@link #page} as a servlet. */
    public static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            page(resp);
        }
    }
}
