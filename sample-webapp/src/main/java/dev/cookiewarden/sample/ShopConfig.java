package dev.cookiewarden.sample;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The shop's reading of {@code WEB-INF/cookie-warden.properties}, the file the filter reads: the
 * policy page and the API demo name the categories and cookies exactly as the banner does, so the
 * three cannot drift apart. The shop learns what the categories are called, never what a visitor
 * chose: that stays the filter's business.
 */
final class ShopConfig {
    static final String LOCATION = "/WEB-INF/cookie-warden.properties";
    /** The shop's own pages are in English; the banner follows the browser's language. */
    static final String LANGUAGE = "en";

    private ShopConfig() {
    }

    /** Parses the file with Cookie Warden's own parser, so a file the filter accepts reads the same here. */
    static WardenConfig load(ServletContext context) throws ServletException {
        try (InputStream in = context.getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new ServletException("Missing [" + LOCATION + "]");
            }
            return WardenConfigParser.parse(in, LOCATION);
        } catch (IOException e) {
            throw new ServletException("Cannot read [" + LOCATION + "]", e);
        }
    }

    /** The categories a visitor may refuse, in display order. */
    static List<Category> optionalCategories(WardenConfig config) {
        return config.categories().stream().filter(c -> !c.required()).toList();
    }

    /** The category's English label. */
    static String label(WardenConfig config, String categoryId) {
        return config.category(categoryId).map(c -> c.label(LANGUAGE, config.defaultLanguage())).orElse(categoryId);
    }
}
