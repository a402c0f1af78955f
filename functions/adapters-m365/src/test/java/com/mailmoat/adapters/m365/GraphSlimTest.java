package com.mailmoat.adapters.m365;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Graph SDK here is cut down (graph-slim): every Graph class the adapters refer to must be in
 * it, or the call fails with NoClassDefFoundError in production. The contract tests cover the calls
 * they make; this covers every reference, made or not yet tested.
 */
class GraphSlimTest {

    @Test
    void everyGraphClassTheAdaptersReferToIsInTheSlimLibrary() throws Exception {
        Path classes = Path.of(MicrosoftAdapters.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                "--multi-release", "17", "-cp", System.getProperty("java.class.path"), classes.toString());
        assertThat(status).as(out.toString()).isZero();

        List<String> graphReferences = out.toString().lines()
                .filter(line -> line.contains("-> com.microsoft.graph.")).toList();
        assertThat(graphReferences).as("the adapters use Graph").isNotEmpty();
        assertThat(graphReferences).as("references to Graph classes missing from graph-slim")
                .noneMatch(line -> line.endsWith("not found"));
    }

    @Test
    void theUnusedPartsOfGraphAreNotThere() {
        assertThat(exists("com.microsoft.graph.users.UsersRequestBuilder")).isTrue();
        assertThat(exists("com.microsoft.graph.users.item.messages.MessagesRequestBuilder")).isTrue();
        assertThat(exists("com.microsoft.graph.models.Message")).isTrue();
        assertThat(exists("com.microsoft.graph.drives.DrivesRequestBuilder")).isFalse();
        assertThat(exists("com.microsoft.graph.users.item.onenote.OnenoteRequestBuilder")).isFalse();
    }

    private static boolean exists(String className) {
        return GraphSlimTest.class.getClassLoader().getResource(className.replace('.', '/') + ".class") != null;
    }
}
