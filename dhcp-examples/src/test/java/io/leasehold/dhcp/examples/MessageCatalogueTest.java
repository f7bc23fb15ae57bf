package io.leasehold.dhcp.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/messages.md lists every message ID ({@code LH_...}) that the main sources of every module use, and nothing
 * else; an ID logged directly ({@code LOG.warn("LH_X ...")}) is listed with that severity.
 */
class MessageCatalogueTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern ID_LITERAL = Pattern.compile("\"(LH_[A-Z0-9_]*)");
    private static final Pattern LOG_CALL = Pattern.compile(
            "\\.(error|warn|info|debug|trace)\\(\\s*\"(LH_[A-Z0-9_]*)", Pattern.DOTALL);
    private static final Pattern ENTRY = Pattern.compile("^### (\\S+)\\n((?:- [a-z]+: .*\\n)+)", Pattern.MULTILINE);

    @Test
    void catalogueListsExactlyTheIdsTheCodeUses() throws IOException {
        Map<String, Set<String>> code = idsInCode();
        Map<String, Entry> catalogue = catalogue();
        assertTrue(code.size() > 50, "scanned " + ROOT + ": " + code.keySet());

        for (String id : code.keySet()) {
            assertTrue(!id.endsWith("_"), "an ID built at run time cannot be catalogued: " + id + " in "
                    + code.get(id));
        }
        Set<String> missing = new TreeSet<>(code.keySet());
        missing.removeAll(catalogue.keySet());
        assertEquals(Set.of(), missing, "IDs used in the code but not in docs/messages.md");
        Set<String> stale = new TreeSet<>(catalogue.keySet());
        stale.removeAll(code.keySet());
        assertEquals(Set.of(), stale, "IDs in docs/messages.md that no code uses any more");
    }

    @Test
    void directlyLoggedIdsCarryTheirSeverityAndEveryEntryIsComplete() throws IOException {
        Map<String, Entry> catalogue = catalogue();
        List<String> wrong = new ArrayList<>();
        for (Path file : mainSources()) {
            Matcher m = LOG_CALL.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String level = m.group(1).toUpperCase(Locale.ROOT);
                Entry e = catalogue.get(m.group(2));
                if (e != null && !e.severities().contains(level)) {
                    wrong.add(m.group(2) + " is logged at " + level + " in " + ROOT.relativize(file)
                            + " but catalogued as " + e.severities());
                }
            }
        }
        assertEquals(List.of(), wrong);
        for (Entry e : catalogue.values()) {
            for (String field : List.of("severity", "text", "meaning", "action")) {
                assertTrue(e.fields().containsKey(field) && !e.fields().get(field).isBlank(),
                        e.id() + " lacks its " + field);
            }
        }
    }

    /** ID -> files that use it, over every module's src/main/java. */
    private static Map<String, Set<String>> idsInCode() throws IOException {
        Map<String, Set<String>> ids = new TreeMap<>();
        for (Path file : mainSources()) {
            Matcher m = ID_LITERAL.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                ids.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(ROOT.relativize(file).toString());
            }
        }
        return ids;
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> walk = Files.walk(main)) {
                        walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
                    }
                }
            }
        }
        return files;
    }

    private static Map<String, Entry> catalogue() throws IOException {
        String text = Files.readString(ROOT.resolve("docs/messages.md"), StandardCharsets.UTF_8);
        Map<String, Entry> entries = new TreeMap<>();
        int headings = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("### ")) {
                headings++;
            }
        }
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            Map<String, String> fields = new TreeMap<>();
            for (String line : m.group(2).split("\n")) {
                int colon = line.indexOf(": ");
                fields.put(line.substring(2, colon), line.substring(colon + 2));
            }
            Entry previous = entries.put(m.group(1), new Entry(m.group(1), fields));
            assertTrue(previous == null, m.group(1) + " is catalogued twice");
        }
        assertEquals(headings, entries.size(), "every ### heading must be followed by its '- field: value' lines");
        return entries;
    }

    private record Entry(String id, Map<String, String> fields) {
        Set<String> severities() {
            Set<String> s = new TreeSet<>();
            for (String part : fields.getOrDefault("severity", "").split(",")) {
                s.add(part.trim());
            }
            return s;
        }
    }
}
