package com.mailmoat.local.lambda;

import com.mailmoat.local.template.FunctionDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds each function's code the way its deployment package is built, so the local runtime needs
 * no list of functions of its own: a function whose CodeUri is {@code <module>/target/<name>.zip}
 * runs from {@code <module>/target/classes} plus the jars of {@code <module>/target/lambda-classpath.txt}
 * (written by the build beside the zip, the zip's own {@code lib/}). Adding a function is a module,
 * its template resources and its sample events; nothing here changes.
 *
 * <p>All functions share one class loader whose parent is the runtime's own, so the event and
 * response types the runtime passes are the same classes the handlers see.
 */
public final class FunctionClasspath {
    /** What the build writes beside each function's deployment package. */
    public static final String CLASSPATH_FILE = "lambda-classpath.txt";
    private static final Logger LOG = LoggerFactory.getLogger(FunctionClasspath.class);

    private FunctionClasspath() {
    }

    /**
     * A loader for every function of the template that has a built module; {@code parent} alone
     * when none has (e.g. test templates whose handlers are on the class path already).
     */
    public static ClassLoader loader(Path templateDir, List<FunctionDefinition> functions, ClassLoader parent) {
        Set<Path> entries = new LinkedHashSet<>();
        for (FunctionDefinition function : functions) {
            entries.addAll(entries(templateDir, function));
        }
        if (entries.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (Path entry : entries) {
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("Bad class path entry " + entry, e);
            }
        }
        return new URLClassLoader("mailmoat-functions", urls.toArray(URL[]::new), parent);
    }

    /** The class path of one function's deployment package, empty when its module is not built. */
    public static List<Path> entries(Path templateDir, FunctionDefinition function) {
        if (templateDir == null || function.codeUri() == null) {
            return List.of();
        }
        Path target = templateDir.resolve(function.codeUri()).normalize().getParent();
        if (target == null || !target.getFileName().toString().equals("target")) {
            return List.of();
        }
        Path classes = target.resolve("classes");
        Path classpath = target.resolve(CLASSPATH_FILE);
        if (!Files.isDirectory(classes) || !Files.isRegularFile(classpath)) {
            LOG.warn("{} is not built ({} missing); build it with mvn package", function.logicalId(), classpath);
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        entries.add(classes);
        try {
            for (String element : Files.readString(classpath).strip().split(java.io.File.pathSeparator)) {
                if (!element.isBlank()) {
                    entries.add(Path.of(element.strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
