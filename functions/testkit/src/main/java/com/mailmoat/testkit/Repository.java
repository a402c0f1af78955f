package com.mailmoat.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root: the nearest directory above the working directory with template.yaml. */
public final class Repository {
    private Repository() {
    }

    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No template.yaml above " + Path.of("").toAbsolutePath());
    }
}
