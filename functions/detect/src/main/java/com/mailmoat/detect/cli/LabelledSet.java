package com.mailmoat.detect.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A labels file ({@code path,label} with label phish or ham) and the messages it names, read into memory. */
final class LabelledSet {

    /**
     * One labelled message.
     *
     * @param path   as written in the labels file
     * @param phish  true for phish, false for ham
     * @param subset file-name prefix before the first '-' (the corpus' source), for per-subset figures
     * @param mime   the message's bytes
     */
    record Message(String path, boolean phish, String subset, byte[] mime) {
    }

    private LabelledSet() {
    }

    /** Reads {@code labels}; paths are relative to {@code rootOrNull}, else to the labels file's folder. */
    static List<Message> read(Path labels, Path rootOrNull) throws IOException {
        if (!Files.isRegularFile(labels)) {
            throw new DetectCli.BadInput("labels file not found: " + labels);
        }
        Path root = rootOrNull != null ? rootOrNull : labels.toAbsolutePath().getParent();
        List<Message> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(labels, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("path,"))) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma <= 0) {
                throw new DetectCli.BadInput(labels + " line " + (i + 1) + ": expected 'path,label'");
            }
            String path = unquote(line.substring(0, comma));
            String label = unquote(line.substring(comma + 1)).toLowerCase(Locale.ROOT);
            if (!label.equals("phish") && !label.equals("ham")) {
                throw new DetectCli.BadInput(labels + " line " + (i + 1) + ": label must be phish or ham, not '" + label + "'");
            }
            byte[] mime;
            try {
                mime = Files.readAllBytes(root.resolve(path));
            } catch (NoSuchFileException e) {
                throw new DetectCli.BadInput(labels + " line " + (i + 1) + ": message not found: " + root.resolve(path));
            }
            String name = Path.of(path).getFileName().toString();
            int dash = name.indexOf('-');
            String subset = dash > 0 ? name.substring(0, dash) : "(none)";
            out.add(new Message(path, label.equals("phish"), subset, mime));
        }
        if (out.isEmpty()) {
            throw new DetectCli.BadInput("labels file lists no messages: " + labels);
        }
        return out;
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).replace("\"\"", "\"") : t;
    }
}
