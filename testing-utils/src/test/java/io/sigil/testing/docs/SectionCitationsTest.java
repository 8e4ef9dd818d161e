package io.sigil.testing.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Source comments and documents cite "spec §x" (docs/protocol.md) and "design §x"
 * (docs/design.md), as docs/README.md explains. Every such citation must name a section that
 * exists: {@code §4.6.3} needs a heading numbered 4.6 (the 3 is a step inside it), {@code §8}
 * a heading numbered 8.
 */
class SectionCitationsTest {
    private static final Pattern CITATION = Pattern.compile("(?<![\\w-] ?lifecycle )\\b(spec|design) §(\\d+(?:\\.\\d+)*)");
    private static final Pattern NUMBERED_HEADING = Pattern.compile("(?m)^#{2,4}\\s+(\\d+(?:\\.\\d+)*)\\.?\\s");
    private static final Map<String, String> DOCUMENTS = Map.of("spec", "docs/protocol.md", "design", "docs/design.md");

    @Test
    void everyCitedSectionExists() throws IOException {
        Path root = RepositoryFiles.root();
        Map<String, Set<String>> sections = Map.of("spec", headings(root.resolve(DOCUMENTS.get("spec"))),
                "design", headings(root.resolve(DOCUMENTS.get("design"))));
        List<String> unknown = new ArrayList<>();
        int citations = 0;
        for (Path file : RepositoryFiles.withSuffix(root, ".java", ".md")) {
            String[] lines = Files.readString(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher matcher = CITATION.matcher(lines[i]);
                while (matcher.find()) {
                    citations++;
                    String kind = matcher.group(1);
                    if (!sections.get(kind).contains(sectionOf(matcher.group(2)))) {
                        unknown.add(root.relativize(file) + ":" + (i + 1) + ": " + matcher.group()
                                + " (no such section in " + DOCUMENTS.get(kind) + ")");
                    }
                }
            }
        }
        assertTrue(citations > 100, "found only " + citations + " citations");
        assertEquals(List.of(), unknown);
    }

    @Test
    void sectionsAndStepsAreReadAsDocumented() {
        assertEquals("4.6", sectionOf("4.6.3"));
        assertEquals("8", sectionOf("8"));
        assertEquals("1.5", sectionOf("1.5"));
        Matcher lifecycle = CITATION.matcher("see lifecycle spec §3.4 and spec §6.1");
        assertTrue(lifecycle.find());
        assertEquals("6.1", lifecycle.group(2));
    }

    /** The heading a citation needs: its first two levels (a third level is a numbered step). */
    static String sectionOf(String number) {
        String[] parts = number.split("\\.");
        return parts.length <= 2 ? number : parts[0] + "." + parts[1];
    }

    private static Set<String> headings(Path document) throws IOException {
        Set<String> numbers = new HashSet<>();
        Matcher matcher = NUMBERED_HEADING.matcher(Files.readString(document));
        while (matcher.find()) {
            numbers.add(matcher.group(1));
        }
        return numbers;
    }
}
