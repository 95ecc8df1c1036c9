package dev.cookiewarden.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A declared cookie category, in display order, with its texts per language.
 *
 * @param id the category id ({@code [a-z][a-z0-9-]*}), as used in consent cookies and forms
 * @param required strictly necessary: always granted, never shown as a choice
 * @param gpcSensitive refused by {@code Sec-GPC: 1} while the visitor has made no explicit choice
 * @param labels label per language tag; has every configured language
 * @param descriptions description per language tag; has every configured language
 */
public record Category(String id, boolean required, boolean gpcSensitive,
                       Map<String, String> labels, Map<String, String> descriptions) {

    public Category {
        Objects.requireNonNull(id, "id");
        labels = Map.copyOf(labels);
        descriptions = Map.copyOf(descriptions);
    }

    /** The label in {@code language}, else in {@code fallback}. */
    public String label(String language, String fallback) {
        return labels.getOrDefault(language, labels.get(fallback));
    }

    /** The description in {@code language}, else in {@code fallback}. */
    public String description(String language, String fallback) {
        return descriptions.getOrDefault(language, descriptions.get(fallback));
    }

    /** Ids of the categories in the list, in order. */
    public static List<String> ids(List<Category> categories) {
        return categories.stream().map(Category::id).toList();
    }
}
