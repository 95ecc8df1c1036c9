package dev.cookiewarden.config;

import java.util.ArrayList;
import java.util.List;

/** Parses the {@code category.<id>.*} keys of the listed categories, in display order. */
final class CategorySection {
    private final Values values;
    private final List<String> languages;

    CategorySection(Values values, List<String> languages) {
        this.values = values;
        this.languages = languages;
    }

    List<Category> parse(List<String> ids) {
        List<Category> out = new ArrayList<>();
        for (String id : ids) {
            out.add(category(id));
        }
        return out;
    }

    private Category category(String id) {
        boolean required = Values.bool(ConfigKey.CATEGORY_REQUIRED.of(id),
                values.getOrDefault(ConfigKey.CATEGORY_REQUIRED, id));
        String gpcKey = ConfigKey.CATEGORY_GPC.of(id);
        String gpcValue = values.get(gpcKey);
        // GPC is a refusal signal (CNIL/COMPLIANCE item 24): by default it refuses every category
        // that can be refused at all, and a strictly necessary one cannot be.
        boolean gpc = gpcValue == null ? !required : Values.bool(gpcKey, gpcValue);
        if (required && gpc) {
            throw new ConfigException(gpcKey, gpcValue, "false (or unset) on a required category: "
                    + "a strictly necessary category cannot be refused by Global Privacy Control");
        }
        return new Category(id, required, gpc,
                values.texts(ConfigKey.CATEGORY_LABEL, id, languages, WardenConfigParser.MAX_TEXT, "a label"),
                values.texts(ConfigKey.CATEGORY_DESCRIPTION, id, languages, WardenConfigParser.MAX_TEXT,
                        "a description"));
    }
}
