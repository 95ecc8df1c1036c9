package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.banner.Assets;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Assets#serve} on Jetty 12 and Tomcat 11, behind a servlet at the endpoint prefix that
 * answers 404 when it returns false, as the filter does.
 */
class AssetsWireTest {
    private static final String PREFIX = "/cookie-consent";

    private static int start(Container container, Assets assets) throws Exception {
        ServletContainerInitializer setup = (classes, ctx) -> ctx.addServlet("assets", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if (!assets.serve(req.getPathInfo(), req, resp)) {
                    resp.sendError(404);
                }
            }
        }).addMapping(PREFIX + "/*");
        return container.start(setup, 0, null);
    }

    private static String hashOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.substring(name.indexOf('.') + 1, name.lastIndexOf('.'));
    }

    private static String normalized(String contentType) {
        return contentType.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void getAnswersWithTheFileForAYear(Supplier<Container> make) throws Exception {
        Assets assets = Assets.of(TestApps.conformanceWith());
        try (Container c = make.get()) {
            int port = start(c, assets);
            RawHttp.Response css = RawHttp.get(port, PREFIX + assets.cssPath());
            assertEquals(200, css.status(), css.toString());
            assertEquals("text/css;charset=utf-8", normalized(css.first("Content-Type")));
            assertEquals("public, max-age=31536000, immutable", css.first("Cache-Control"));
            assertEquals("nosniff", css.first("X-Content-Type-Options"));
            assertEquals("Accept-Encoding", css.first("Vary"));
            assertEquals("\"" + hashOf(assets.cssPath()) + "\"", css.first("ETag"));
            assertNull(css.first("Content-Encoding"));
            assertEquals(String.valueOf(css.body().length()), css.first("Content-Length"), "ASCII file");
            assertTrue(css.body().startsWith(".cw{--cw-bg:"), css.body());

            RawHttp.Response prefs = RawHttp.get(port, PREFIX + assets.prefsCssPath());
            assertEquals(200, prefs.status(), prefs.toString());
            assertEquals("text/css;charset=utf-8", normalized(prefs.first("Content-Type")));
            assertTrue(prefs.body().startsWith("#cw-root .cw-prefs{"), prefs.body());

            RawHttp.Response js = RawHttp.get(port, PREFIX + assets.scriptPath());
            assertEquals(200, js.status(), js.toString());
            assertEquals("text/javascript;charset=utf-8", normalized(js.first("Content-Type")));
            assertEquals("\"" + hashOf(assets.scriptPath()) + "\"", js.first("ETag"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void gzipWhenAcceptedAndNotWhenRefused(Supplier<Container> make) throws Exception {
        Assets assets = Assets.of(TestApps.conformanceWith());
        try (Container c = make.get()) {
            int port = start(c, assets);
            URI uri = URI.create("http://127.0.0.1:" + port + PREFIX + assets.scriptPath());
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> zipped = client.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "br, gzip;q=0.5").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, zipped.statusCode());
            assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null));
            assertEquals("Accept-Encoding", zipped.headers().firstValue("Vary").orElse(null));
            assertEquals("\"" + hashOf(assets.scriptPath()) + "-gzip\"", zipped.headers().firstValue("ETag").orElse(null));
            assertEquals(String.valueOf(zipped.body().length), zipped.headers().firstValue("Content-Length").orElse(null));
            assertTrue(zipped.body().length < plain.body().length / 2, zipped.body().length + " of " + plain.body().length);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertArrayEquals(plain.body(), in.readAllBytes());
            }

            RawHttp.Response refused = RawHttp.get(port, PREFIX + assets.scriptPath(), "Accept-Encoding: gzip;q=0, identity");
            assertNull(refused.first("Content-Encoding"), refused.toString());
            assertEquals(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8), refused.body());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void headHasTheHeadersOfGetAndNoBody(Supplier<Container> make) throws Exception {
        Assets assets = Assets.of(TestApps.conformanceWith());
        try (Container c = make.get()) {
            int port = start(c, assets);
            RawHttp.Response get = RawHttp.get(port, PREFIX + assets.scriptPath(), "Accept-Encoding: gzip");
            RawHttp.Response head = RawHttp.exchange(port, "HEAD " + PREFIX + assets.scriptPath() + " HTTP/1.1\r\nAccept-Encoding: gzip", null);
            assertEquals(200, head.status(), head.toString());
            assertEquals("", head.body());
            for (String name : new String[] {"Content-Type", "Content-Length", "Content-Encoding", "ETag", "Cache-Control", "Vary"}) {
                assertEquals(get.first(name), head.first(name), name);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void matchingIfNoneMatchGets304(Supplier<Container> make) throws Exception {
        Assets assets = Assets.of(TestApps.conformanceWith());
        try (Container c = make.get()) {
            int port = start(c, assets);
            String etag = "\"" + hashOf(assets.cssPath()) + "\"";
            RawHttp.Response same = RawHttp.get(port, PREFIX + assets.cssPath(), "If-None-Match: \"x\", W/" + etag);
            assertEquals(304, same.status(), same.toString());
            assertEquals("", same.body());
            assertEquals(etag, same.first("ETag"));
            assertEquals("public, max-age=31536000, immutable", same.first("Cache-Control"));

            RawHttp.Response zipped = RawHttp.get(port, PREFIX + assets.cssPath(), "If-None-Match: " + etag, "Accept-Encoding: gzip");
            assertEquals(200, zipped.status(), "the gzip copy has its own tag: " + zipped);

            RawHttp.Response other = RawHttp.get(port, PREFIX + assets.cssPath(), "If-None-Match: \"stale\"");
            assertEquals(200, other.status(), other.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void otherMethodsGet405AndUnknownNames404(Supplier<Container> make) throws Exception {
        Assets assets = Assets.of(TestApps.conformanceWith());
        try (Container c = make.get()) {
            int port = start(c, assets);
            RawHttp.Response post = RawHttp.post(port, PREFIX + assets.cssPath(), "a=b");
            assertEquals(405, post.status(), post.toString());
            assertEquals("GET, HEAD", post.first("Allow"));

            String stale = PREFIX + assets.cssPath().replace(hashOf(assets.cssPath()), "AAAAAAAAAA");
            assertEquals(404, RawHttp.get(port, stale).status());
            assertEquals(404, RawHttp.get(port, PREFIX + "/assets/cw.css").status());
            assertEquals(404, RawHttp.get(port, PREFIX + "/assets/").status());
        }
    }
}
