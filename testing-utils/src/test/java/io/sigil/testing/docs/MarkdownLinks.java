package io.sigil.testing.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links and heading anchors of one Markdown document, read the way GitHub renders it:
 * inline links {@code [text](target "title")} and images, reference definitions
 * {@code [id]: target}, never inside fenced code blocks or code spans.
 */
final class MarkdownLinks {
    private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*(<[^>]*>|[^\\s)]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

    /** A link target as written, with its 1-based line. */
    record Link(int line, String target) {
    }

    private final List<Link> links = new ArrayList<>();
    private final Set<String> anchors = new LinkedHashSet<>();

    MarkdownLinks(String markdown) {
        boolean fenced = false;
        String fence = "";
        Map<String, Integer> slugCounts = new HashMap<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (!fenced && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                fenced = true;
                fence = trimmed.substring(0, 3);
                continue;
            }
            if (fenced) {
                fenced = !trimmed.startsWith(fence);
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int seen = slugCounts.merge(slug, 1, Integer::sum) - 1;
                anchors.add(seen == 0 ? slug : slug + "-" + seen);
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher inline = INLINE.matcher(text);
            while (inline.find()) {
                links.add(new Link(i + 1, unwrap(inline.group(1))));
            }
            Matcher definition = DEFINITION.matcher(text);
            if (definition.find()) {
                links.add(new Link(i + 1, unwrap(definition.group(1))));
            }
        }
    }

    List<Link> links() {
        return links;
    }

    Set<String> anchors() {
        return anchors;
    }

    /**
     * GitHub's heading anchor: lower case, markup and punctuation dropped (letters, digits, '-',
     * '_' and spaces kept, in any script), spaces turned into '-'.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.appendCodePoint(c);
            } else if (c == ' ') {
                out.append('-');
            }
        });
        return out.toString();
    }

    private static String unwrap(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }
}
