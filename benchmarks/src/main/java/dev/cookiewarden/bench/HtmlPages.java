package dev.cookiewarden.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Shop-like HTML pages of any size, streamed: a head (meta tags, preloads, an inline analytics
 * loader and style, as real pages have), then product cards, text sections and comments, then
 * a footer with scripts. The content is a 64 KiB block generated once (seeded, so every run sees
 * the same bytes) and written again and again, so a 100 MB page costs no memory and no
 * generation time: only the copying the benchmark is about. UTF-8, with French accents; or the
 * same page as characters ({@link #writeTo(Writer, long, int)}), for the character path.
 *
 * <p>{@link Shape#NO_BODY_TAG} is the same page without the {@code <body>} start tag and the
 * {@code </body>} end tag, which HTML lets a page omit: the injector then scans every byte looking
 * for a body tag that never comes, its worst case.
 *
 * <p>Immutable and thread-safe.
 */
public final class HtmlPages {
    /** What the page looks like around its content. */
    public enum Shape {
        /** A full document: the body start tag comes after about 2 KB. */
        PAGE,
        /** The same document with its optional body start and end tags left out: scanned to the end. */
        NO_BODY_TAG
    }

    /** Size of the repeated content block. */
    static final int BLOCK = 64 * 1024;

    private static final String[] WORDS = {"chaise", "table", "lampe", "oak", "walnut", "linen", "cotton",
            "vintage", "modern", "élégant", "durable", "léger", "natural", "handmade", "design", "studio",
            "garden", "kitchen", "bureau", "étagère", "comfort", "premium", "classic", "nordic", "ceramic",
            "bois", "acier", "velours", "coussin", "tapis", "miroir", "vase", "outdoor", "compact", "grand"};

    /** The last seven letters of the title, which {@link #varyHead} changes, and its end tag. */
    private static final String TITLE_LETTERS = "Exemple</title>";
    /** The body start tag of {@link Shape#PAGE}. */
    public static final String BODY_START_TAG = "<body class=\"page page--category\" data-theme=\"light\">";

    private final Shape shape;
    private final byte[] head;
    private final byte[] block;
    /** Offsets in {@link #block} where a section ends: a partial block is cut at one of them. */
    private final int[] sectionEnds;
    private final byte[] tail;
    private final byte[] spaces = new byte[BLOCK];
    /** Where {@code </title>} starts in {@link #head}. */
    private final int titleEnd;
    /** The same page as characters, for {@link #writeTo(Writer, long, int)}: the head, the block, its section ends, the tail. */
    private final char[] headChars;
    private final char[] blockChars;
    private final int[] sectionEndsChars;
    private final char[] tailChars;
    private final char[] spaceChars = new char[BLOCK];
    /** Where {@code </title>} starts in {@link #headChars}. */
    private final int titleEndChars;

    public HtmlPages(Shape shape) {
        this.shape = shape;
        String documentHead = documentHead();
        String documentTail = documentTail();
        if (shape == Shape.NO_BODY_TAG) {
            documentHead = documentHead.replace(BODY_START_TAG + "\n", "");
            documentTail = documentTail.replace("</body>\n", "");
        }
        this.head = documentHead.getBytes(StandardCharsets.UTF_8);
        this.tail = documentTail.getBytes(StandardCharsets.UTF_8);
        this.titleEnd = titleLetters(head) + 7;
        this.headChars = documentHead.toCharArray();
        this.tailChars = documentTail.toCharArray();
        this.titleEndChars = titleLetters(documentHead) + 7;
        Random random = new Random(20251130L);
        ByteArrayOutputStream content = new ByteArrayOutputStream(BLOCK);
        StringBuilder contentChars = new StringBuilder(BLOCK);
        List<Integer> ends = new ArrayList<>();
        List<Integer> endsChars = new ArrayList<>();
        for (int i = 0; ; i++) {
            String text = section(random, i);
            byte[] section = text.getBytes(StandardCharsets.UTF_8);
            if (content.size() + section.length > BLOCK) {
                break;
            }
            content.write(section, 0, section.length);
            ends.add(content.size());
            contentChars.append(text);
            endsChars.add(contentChars.length());
        }
        byte[] filled = Arrays.copyOf(content.toByteArray(), BLOCK);
        Arrays.fill(filled, content.size(), BLOCK, (byte) ' ');
        this.block = filled;
        this.sectionEnds = ends.stream().mapToInt(Integer::intValue).toArray();
        Arrays.fill(spaces, (byte) ' ');
        // The same sections, padded with spaces to a block of as many characters.
        char[] filledChars = Arrays.copyOf(contentChars.toString().toCharArray(), BLOCK);
        Arrays.fill(filledChars, contentChars.length(), BLOCK, ' ');
        this.blockChars = filledChars;
        this.sectionEndsChars = endsChars.stream().mapToInt(Integer::intValue).toArray();
        Arrays.fill(spaceChars, ' ');
    }

    /**
     * Writes a number made from {@code n} in base 36 over the last seven letters of the title
     * ("Exemple"): the head of the next page differs from the previous one's, as a head carrying a
     * per-request token would, with the same length and the body start tag at the same place.
     * {@code n} is scrambled first (times an odd constant), so that consecutive pages differ in
     * nearly all seven letters, as random tokens do (the load's {@code page-token}), not only in
     * the last two or three.
     */
    public void varyHead(long n) {
        long token = n * 0x9E3779B97F4A7C15L;
        stamp(head, titleEnd - 7, token);
        stamp(headChars, titleEndChars - 7, token); // the same digits in the character form
    }

    /** Where the seven letters {@link #varyHead} changes start in {@code page}, a page of this class. */
    public static int titleLetters(byte[] page) {
        return indexOf(page, TITLE_LETTERS.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #titleLetters(byte[])} in a page's characters; -1 when there is no such title. */
    public static int titleLetters(String page) {
        return page.indexOf(TITLE_LETTERS);
    }

    /** Writes {@code n} in base 36 as seven digits at {@code at}; allocates nothing. */
    public static void stamp(byte[] bytes, int at, long n) {
        long rest = Math.floorMod(n, 78_364_164_096L); // 36^7
        for (int i = at + 6; i >= at; i--) {
            bytes[i] = (byte) Character.forDigit((int) (rest % 36), 36);
            rest /= 36;
        }
    }

    /** {@link #stamp(byte[], int, long)} in characters: the same seven digits at {@code at}. */
    public static void stamp(char[] chars, int at, long n) {
        long rest = Math.floorMod(n, 78_364_164_096L); // 36^7
        for (int i = at + 6; i >= at; i--) {
            chars[i] = Character.forDigit((int) (rest % 36), 36);
            rest /= 36;
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("No title marker in the head");
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The smallest page: head and tail with no content between. */
    public int minimumSize() {
        return head.length + tail.length;
    }

    /** A whole page of exactly {@code size} bytes in memory; for small sizes. */
    public byte[] page(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try {
            writeTo(out, size, 8192);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a page of exactly {@code size} bytes in writes of at most {@code chunk} bytes (a
     * template engine's or a container's buffer).
     *
     * @throws IllegalArgumentException when {@code size} is below {@link #minimumSize()}
     */
    public void writeTo(OutputStream out, long size, int chunk) throws IOException {
        if (size < minimumSize()) {
            throw new IllegalArgumentException("A page is at least " + minimumSize() + " bytes, not " + size);
        }
        write(out, head, head.length, chunk);
        long content = size - head.length - tail.length;
        while (content >= BLOCK) {
            write(out, block, BLOCK, chunk);
            content -= BLOCK;
        }
        if (content > 0) {
            // The last block is cut after a whole section and padded with spaces: valid HTML.
            int cut = 0;
            for (int end : sectionEnds) {
                if (end > content) {
                    break;
                }
                cut = end;
            }
            write(out, block, cut, chunk);
            write(out, spaces, (int) content - cut, chunk);
        }
        write(out, tail, tail.length, chunk);
    }

    private static void write(OutputStream out, byte[] bytes, int length, int chunk) throws IOException {
        for (int off = 0; off < length; off += chunk) {
            out.write(bytes, off, Math.min(chunk, length - off));
        }
    }

    /**
     * Writes the same page as characters, {@code size} of them, in writes of at most {@code chunk}
     * characters (a JSP writer's buffer, or a template engine's): the page of
     * {@link #writeTo(OutputStream, long, int)} decoded, but for the padding, which makes it exactly
     * {@code size} characters long.
     *
     * @throws IllegalArgumentException when {@code size} is below the head and tail's characters
     */
    public void writeTo(Writer out, long size, int chunk) throws IOException {
        if (size < headChars.length + tailChars.length) {
            throw new IllegalArgumentException("A page is at least " + (headChars.length + tailChars.length)
                    + " characters, not " + size);
        }
        write(out, headChars, headChars.length, chunk);
        long content = size - headChars.length - tailChars.length;
        while (content >= BLOCK) {
            write(out, blockChars, BLOCK, chunk);
            content -= BLOCK;
        }
        if (content > 0) {
            int cut = 0;
            for (int end : sectionEndsChars) {
                if (end > content) {
                    break;
                }
                cut = end;
            }
            write(out, blockChars, cut, chunk);
            write(out, spaceChars, (int) content - cut, chunk);
        }
        write(out, tailChars, tailChars.length, chunk);
    }

    private static void write(Writer out, char[] chars, int length, int chunk) throws IOException {
        for (int off = 0; off < length; off += chunk) {
            out.write(chars, off, Math.min(chunk, length - off));
        }
    }

    private static String documentHead() {
        return """
                <!DOCTYPE html>
                <html lang="fr" class="no-js">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Mobilier et décoration — Maison Exemple</title>
                <meta name="description" content="Chaises, tables, lampes et tapis : du mobilier durable, livré chez vous.">
                <link rel="canonical" href="https://shop.example/fr/salon">
                <link rel="alternate" hreflang="en" href="https://shop.example/en/living-room">
                <link rel="preload" href="/assets/fonts/inter-var.woff2" as="font" type="font/woff2" crossorigin>
                <link rel="stylesheet" href="/assets/app.4f9c2e1b.css">
                <link rel="icon" href="/favicon.svg" type="image/svg+xml">
                <meta property="og:title" content="Mobilier et décoration">
                <meta property="og:image" content="https://shop.example/img/og/salon-1200.jpg">
                <script type="application/ld+json">{"@context":"https://schema.org","@type":"Store","name":"Maison Exemple","url":"https://shop.example/"}</script>
                <script>
                  (function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});
                  var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';
                  if (w.innerWidth < 600 && d.cookie.indexOf('lang=') < 0) { d.documentElement.className = 'js small'; }
                  j.async=true;j.src='/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-AB12');
                </script>
                <style>
                  .product-card{display:grid;gap:.5rem}.product-card__title{font-size:1rem}
                  .btn--primary{background:#1f4ed8;color:#fff}@media (max-width:600px){.grid{grid-template-columns:1fr 1fr}}
                </style>
                </head>
                """ + BODY_START_TAG + """

                <a class="skip-link" href="#main">Aller au contenu</a>
                <header class="site-header">
                  <a href="/" class="logo"><img src="/assets/logo.svg" alt="Maison Exemple" width="160" height="40"></a>
                  <nav aria-label="Principal"><ul class="nav">
                    <li><a href="/fr/salon" aria-current="page">Salon</a></li><li><a href="/fr/chambre">Chambre</a></li>
                    <li><a href="/fr/cuisine">Cuisine</a></li><li><a href="/fr/jardin">Jardin</a></li>
                    <li><a href="/fr/promotions">Promotions</a></li></ul></nav>
                  <form class="search" action="/fr/recherche" method="get"><input type="search" name="q" placeholder="Rechercher"></form>
                </header>
                <main id="main" class="grid">
                """;
    }

    private static String documentTail() {
        return """
                </main>
                <footer class="site-footer">
                  <p>&copy; 2026 Maison Exemple — <a href="/fr/mentions-legales">Mentions légales</a> ·
                  <a href="/fr/confidentialite">Confidentialité</a> · <a href="/fr/cgv">CGV</a></p>
                </footer>
                <script src="/assets/app.8d21aa07.js" defer></script>
                <script type="text/plain" data-cookie-warden-category="analytics" src="https://www.googletagmanager.com/gtag/js?id=G-AB12"></script>
                </body>
                </html>
                """;
    }

    private static String section(Random r, int i) {
        int id = 10_000 + i;
        StringBuilder sb = new StringBuilder(1024);
        switch (i % 5) {
            case 0, 1, 3 -> {
                String name = words(r, 3);
                String slug = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
                sb.append("<article class=\"product-card\" data-product-id=\"").append(id)
                        .append("\" data-price=\"").append(19 + r.nextInt(400)).append(".90\">\n")
                        .append("  <a href=\"/fr/produits/").append(slug).append('-').append(id)
                        .append("\" class=\"product-card__link\">\n")
                        .append("    <img src=\"/img/p/").append(id).append("-400.webp\" srcset=\"/img/p/").append(id)
                        .append("-400.webp 400w, /img/p/").append(id).append("-800.webp 800w\"")
                        .append(" sizes=\"(max-width: 600px) 50vw, 25vw\" alt=\"").append(name)
                        .append("\" loading=\"lazy\" width=\"400\" height=\"400\">\n")
                        .append("    <h3 class=\"product-card__title\">").append(name).append("</h3>\n  </a>\n")
                        .append("  <p class=\"product-card__desc\">").append(words(r, 12)).append(" <strong>")
                        .append(words(r, 2)).append("</strong> ").append(words(r, 8)).append(" &amp; <em>")
                        .append(words(r, 1)).append("</em>.</p>\n")
                        .append("  <form method=\"post\" action=\"/fr/panier\"><input type=\"hidden\" name=\"sku\" value=\"SKU-")
                        .append(id).append("\"><button type=\"submit\" class=\"btn btn--primary\">Ajouter au panier</button></form>\n")
                        .append("</article>\n");
            }
            case 2 -> sb.append("<section class=\"editorial\">\n  <h2>").append(words(r, 4)).append("</h2>\n  <p>")
                    .append(words(r, 40)).append(" <a href=\"/fr/guides/").append(id).append("\">")
                    .append(words(r, 3)).append("</a>. ").append(words(r, 30)).append("</p>\n</section>\n");
            default -> sb.append("<!-- recommandations ").append(id).append(" -->\n<ul class=\"chips\">")
                    .append("<li><a href=\"/fr/tags/").append(id).append("\">").append(words(r, 1))
                    .append("</a></li><li><a href=\"/fr/tags/").append(id + 1).append("\">").append(words(r, 1))
                    .append("</a></li><li><a href=\"/fr/tags/").append(id + 2).append("\">").append(words(r, 1))
                    .append("</a></li></ul>\n");
        }
        return sb.toString();
    }

    private static String words(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        }
        return sb.toString();
    }
}
