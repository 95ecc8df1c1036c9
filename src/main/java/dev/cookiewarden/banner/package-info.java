/**
 * What the visitor sees: the consent banner and how it gets into pages.
 *
 * <p>{@link dev.cookiewarden.banner.InjectingOutputStream} and
 * {@link dev.cookiewarden.banner.InjectingWriter} put the banner's snippets into an HTML page as
 * it streams through the filter, right after the {@code <head>} and {@code <body>} start tags,
 * without buffering the page. They are per-response workers: not thread-safe, one per response.
 * The tag finding behind them is a small state machine that follows the HTML tokenizer closely
 * enough to skip comments, scripts and attribute values.
 */
package dev.cookiewarden.banner;
