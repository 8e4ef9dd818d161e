package io.sigil.testing.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown (README.md, docs/, module READMEs: every
 * {@code *.md} outside build output and hidden directories) resolves to a file or directory
 * inside the repository, and its {@code #anchor}, when it has one, to a heading of the target.
 * A public clone has nothing beside the repository, so a link that leaves it ({@code ../} above
 * the root, an absolute path) is a broken link; so is a machine path in the text.
 */
class DocumentationLinksTest {
    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.])(/work/|/home/\\w|\\.\\./shared/)");

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        Path root = RepositoryFiles.root();
        List<Path> documents = RepositoryFiles.withSuffix(root, ".md");
        assertTrue(documents.contains(root.resolve("README.md")) && documents.size() >= 5, "found only " + documents);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents) {
            String text = Files.readString(document);
            String name = root.relativize(document).toString();
            var matcher = MACHINE_PATH.matcher(text);
            while (matcher.find()) {
                broken.add(name + ": names a path outside the repository: " + matcher.group());
            }
            for (MarkdownLinks.Link link : new MarkdownLinks(text).links()) {
                String problem = check(root, document, link.target());
                checked++;
                if (problem != null) {
                    broken.add(name + ":" + link.line() + ": " + link.target() + " — " + problem);
                }
            }
        }
        assertTrue(checked > 10, "checked only " + checked + " links");
        assertEquals(List.of(), broken, "broken documentation links");
    }

    @Test
    void theCheckerRefusesWhatItShould() throws IOException {
        Path root = RepositoryFiles.root();
        Path readme = root.resolve("README.md");
        assertEquals(null, check(root, readme, "docs/security.md"));
        assertEquals(null, check(root, root.resolve("k8s/README.md"), "../docs/deploy.md"));
        assertTrue(check(root, readme, "../shared/design.md").contains("outside"));
        assertTrue(check(root, readme, "/work/shared/design.md").contains("absolute"));
        assertTrue(check(root, readme, "docs/no-such-page.md").contains("no such"));
        assertTrue(check(root, readme, "#no-such-heading").contains("no heading"));
        assertEquals(null, check(root, readme, "https://example.org/../x"));
        assertEquals("8-operations", MarkdownLinks.slug("8. Operations"));
        assertEquals("13-hash-functions-and-domain-separation", MarkdownLinks.slug("1.3 Hash functions and domain separation"));
        assertEquals("sign_request-on-the-network-design-46", MarkdownLinks.slug("`sign_request` on the network (design §4–6)"));
        MarkdownLinks parsed = new MarkdownLinks("# A\n```\n[x](nowhere.md)\n```\nsee `[y](code.md)` and [z](real.md \"t\")\n[r]: ref.md\n# A\n");
        assertEquals(List.of("real.md", "ref.md"), parsed.links().stream().map(MarkdownLinks.Link::target).toList());
        assertEquals(List.of("a", "a-1"), List.copyOf(parsed.anchors()));
    }

    /** Null when {@code target}, written in {@code document}, is external or resolves; else why not. */
    static String check(Path root, Path document, String target) throws IOException {
        if (EXTERNAL.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String pathPart = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (pathPart.startsWith("/")) {
            return "an absolute path: use a path relative to the document";
        }
        Path resolved = pathPart.isEmpty() ? document : document.getParent().resolve(pathPart).normalize();
        if (!resolved.startsWith(root)) {
            return "leads outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file or directory";
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !new MarkdownLinks(Files.readString(resolved)).anchors().contains(anchor)) {
            return "no heading with anchor #" + anchor + " in " + root.relativize(resolved);
        }
        return null;
    }
}
