package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.WardenConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the stylesheets and the script promise in docs/BANNER.md, checked on the files as served. */
class BannerResourcesTest {
    private static final String CSS_SOURCE = Assets.resource("cw.css");
    private static final String CSS = Compactor.css(CSS_SOURCE);
    private static final String PREFS_CSS = Compactor.css(Assets.resource("cw-prefs.css"));
    private static final String JS = GuardScript.of(AssetFixtures.conformance()).source();
    private static final List<String> PROPERTIES = List.of("--cw-bg", "--cw-fg", "--cw-muted", "--cw-accent",
            "--cw-accent-fg", "--cw-border", "--cw-radius", "--cw-font", "--cw-shadow", "--cw-z");
    private static final String LIGHT = "(?:^|\\})\\.cw\\{";
    private static final String DARK = "@media \\(prefers-color-scheme:dark\\)\\{\\.cw\\{";
    private static final Pattern SCOPED = Pattern.compile("(\\.cw|\\.cw-page|#cw-root|:is\\(\\.cw,\\.cw-page\\))([ \\[:.~>].*)?");

    @Test
    void everySelectorIsScopedToTheBanner() {
        List<String> selectors = new ArrayList<>(selectors(CSS));
        selectors.addAll(selectors(PREFS_CSS));
        assertTrue(selectors.size() > 30, selectors.toString());
        for (String list : selectors) {
            for (String selector : splitTopLevel(list)) {
                assertTrue(SCOPED.matcher(selector.trim()).matches(), "unscoped selector [" + selector + "]");
            }
        }
    }

    @Test
    void everyThemePropertyHasALightDefaultAndColoursADarkOne() {
        Map<String, String> light = properties(LIGHT);
        Map<String, String> dark = properties(DARK);
        assertEquals(PROPERTIES, List.copyOf(light.keySet()));
        for (String colour : List.of("--cw-bg", "--cw-fg", "--cw-muted", "--cw-accent", "--cw-accent-fg", "--cw-border")) {
            assertTrue(dark.containsKey(colour), colour + " in the dark theme");
        }
    }

    /** WCAG 2.1 AA (4.5:1 for text) in both themes, and the ratios the header comment states. */
    @Test
    void textContrastMeetsWcagAaAndMatchesTheComment() {
        Map<String, Map<String, String>> themes = new LinkedHashMap<>();
        themes.put("light", properties(LIGHT));
        Map<String, String> dark = new LinkedHashMap<>(themes.get("light"));
        dark.putAll(properties(DARK));
        themes.put("dark", dark);
        for (Map.Entry<String, Map<String, String>> theme : themes.entrySet()) {
            Map<String, String> t = theme.getValue();
            double fg = ratio(t.get("--cw-fg"), t.get("--cw-bg"));
            double muted = ratio(t.get("--cw-muted"), t.get("--cw-bg"));
            double accent = ratio(t.get("--cw-accent"), t.get("--cw-bg"));
            double onAccent = ratio(t.get("--cw-accent-fg"), t.get("--cw-accent"));
            double hover = ratio(t.get("--cw-accent-fg"), darken(t.get("--cw-accent"), 0.12));
            for (double r : new double[] {fg, muted, accent, onAccent, hover}) {
                assertTrue(r >= 4.5, theme.getKey() + " contrast " + r);
            }
            Matcher m = Pattern.compile(theme.getKey() + "\\s+fg/bg ([\\d.]+)\\s+muted/bg ([\\d.]+)\\s+accent/bg ([\\d.]+)"
                    + "\\s+accent-fg/accent ([\\d.]+)\\s+\\(hover ([\\d.]+)\\)").matcher(CSS_SOURCE);
            assertTrue(m.find(), "the comment states the " + theme.getKey() + " ratios");
            double[] computed = {fg, muted, accent, onAccent, hover};
            for (int i = 0; i < computed.length; i++) {
                assertEquals(Double.parseDouble(m.group(i + 1)), computed[i], 0.051, theme.getKey() + " ratio " + (i + 1));
            }
        }
    }

    @Test
    void hiddenAlwaysHidesAndMotionWaitsForNoPreference() {
        assertTrue(CSS.contains(".cw [hidden],.cw[hidden]{display:none!important}"), CSS);
        for (String css : List.of(CSS, PREFS_CSS)) {
            int motion = css.indexOf("@media (prefers-reduced-motion:no-preference){");
            for (String property : List.of("transition", "animation")) {
                for (int at = css.indexOf(property); at >= 0; at = css.indexOf(property, at + 1)) {
                    assertTrue(motion >= 0 && at > motion && css.indexOf("}}", motion) > at,
                            property + " outside the no-preference block");
                }
            }
        }
        assertTrue(CSS.contains(":focus-visible{outline:3px solid var(--cw-fg)"), "a strong focus ring");
    }

    /**
     * The injected root shuts out what the page's styles pass down by inheritance; every surface
     * sets its own type, colour and background. (Only #cw-root: a .cw section embedded in a page
     * of the site, the cookie policy, keeps the page's type.)
     */
    @Test
    void theInjectedRootResetsWhatThePageWouldPassDown() {
        assertTrue(CSS.contains("#cw-root{all:initial}"), CSS);
        assertTrue(CSS.contains(".cw :is(.cw-banner,.cw-settings,.cw-prefs){font:400 .9375rem/1.5 var(--cw-font);"
                + "color:var(--cw-fg);background:var(--cw-bg);"), CSS);
    }

    /**
     * The dialog links cw-prefs.css and is appended at once: until that file applies, the first
     * layer's stylesheet keeps it invisible (but focusable, so focus can move into it).
     */
    @Test
    void theDialogStaysInvisibleUntilItsStylesheetApplies() {
        assertTrue(CSS.contains("#cw-root .cw-prefs{opacity:0}"), CSS);
        assertTrue(PREFS_CSS.startsWith("#cw-root .cw-prefs{") && PREFS_CSS.contains("opacity:1}"), PREFS_CSS);
        assertFalse(CSS.contains("visibility") || CSS.contains(".cw-prefs{display:none"), "it must stay focusable");
    }

    /** CNIL: "Accept all" and "Reject all" look the same, so no rule may single one of them out. */
    @Test
    void noRuleTellsTheChoiceButtonsApart() {
        List<String> selectors = new ArrayList<>(selectors(CSS));
        selectors.addAll(selectors(PREFS_CSS));
        for (String telltale : List.of("accept", "reject", "[value", "nth-", "first-child", "last-child", "first-of-type",
                "last-of-type", "+")) {
            for (String selector : selectors) {
                assertFalse(selector.contains(telltale), selector);
            }
        }
    }

    @Test
    void theScriptNeedsNoUnsafeInlineOrEval() {
        for (String banned : List.of("eval(", "Function(", "document.write", ".style", "'style'",
                "javascript:", "console.")) {
            assertFalse(JS.contains(banned), banned);
        }
        // A timer is evaluated code only when it is given a string; the script only gives functions.
        java.util.regex.Matcher timers = java.util.regex.Pattern.compile("set(Timeout|Interval)\\((.{0,8})").matcher(JS);
        while (timers.find()) {
            assertTrue(timers.group(2).replace(" ", "").startsWith("()=>"), "a timer given something other than an arrow function: "
                    + timers.group());
        }
    }

    /** Compaction joins every line: the served script must still compile, with and without Consent Mode. */
    @Test
    void theServedScriptIsValidJavaScript() throws Exception {
        NodeJs.assumeAvailable();
        String compile = "new (require('vm').Script)(require('fs').readFileSync(0, 'utf8'))";
        NodeJs.run(JS, "-e", compile);
        WardenConfig config = AssetFixtures.conformance();
        NodeJs.run(GuardScript.of(config, true, 500, config.consentModeMapping()).source(), "-e", compile);
        assertEquals(1, JS.split("\n", -1).length - 1, "one line");
    }

    private static Map<String, String> properties(String blockStart) {
        Matcher m = Pattern.compile(blockStart + "([^}]*)\\}").matcher(CSS);
        assertTrue(m.find(), blockStart);
        Map<String, String> out = new LinkedHashMap<>();
        for (String declaration : m.group(1).split(";")) {
            int colon = declaration.indexOf(':');
            String name = declaration.substring(0, colon).trim();
            if (name.startsWith("--")) {
                out.put(name, declaration.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** The selector lists of the style rules, outside keyframes. */
    private static List<String> selectors(String css) {
        List<String> out = new ArrayList<>();
        Deque<String> blocks = new ArrayDeque<>();
        StringBuilder buffer = new StringBuilder();
        for (char c : css.toCharArray()) {
            if (c == '{') {
                String prelude = buffer.toString().trim();
                if (prelude.startsWith("@")) {
                    blocks.push(prelude.startsWith("@keyframes") ? "keyframes" : "at");
                } else {
                    if (!blocks.contains("keyframes")) {
                        out.add(prelude);
                    }
                    blocks.push("rule");
                }
                buffer.setLength(0);
            } else if (c == '}') {
                blocks.pop();
                buffer.setLength(0);
            } else if (c == ';' && "rule".equals(blocks.peek())) {
                buffer.setLength(0);
            } else {
                buffer.append(c);
            }
        }
        return out;
    }

    private static List<String> splitTopLevel(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(list.substring(start, i));
                start = i + 1;
            }
        }
        out.add(list.substring(start));
        return out;
    }

    private static double ratio(String a, String b) {
        double la = luminance(rgb(a));
        double lb = luminance(rgb(b));
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** The colour under the hover overlay, {@code rgb(0 0 0/alpha)} over {@code hex}, as #rrggbb. */
    private static String darken(String hex, double alpha) {
        int[] c = rgb(hex);
        return String.format("#%02x%02x%02x", Math.round(c[0] * (1 - alpha)), Math.round(c[1] * (1 - alpha)),
                Math.round(c[2] * (1 - alpha)));
    }

    private static int[] rgb(String hex) {
        String h = hex.substring(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        return new int[] {Integer.parseInt(h.substring(0, 2), 16), Integer.parseInt(h.substring(2, 4), 16),
            Integer.parseInt(h.substring(4, 6), 16)};
    }

    private static double luminance(int[] rgb) {
        double[] lin = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = rgb[i] / 255.0;
            lin[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    }
}
