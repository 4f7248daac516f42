package dev.herald.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding example of the README, exactly as printed: the code block is cut out of README.md, compiled with the
 * JDK's compiler against the engine, and run twice in a child JVM over one journal, as a newcomer would.
 */
class ReadmeExampleTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldCompileAndRunTheReadmeExampleTwice() throws Exception
    {
        final Path source = dir.resolve("HeraldExample.java");
        Files.writeString(source, exampleFromReadme());
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "the tests run on a JDK");
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int compiled = compiler.run(null, diagnostics, diagnostics, "--release", "17", "-Xlint:all",
            "-Werror", "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
            source.toString());
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8));

        final Path journal = dir.resolve("example-journal");
        assertEquals(List.of("rebuilt from 0 records, revenue 0", "revenue 6499, receipts sent 2",
            "4 records replayed, revenue 6499"), run(classes, journal));
        assertEquals(List.of("rebuilt from 4 records, revenue 6499", "revenue 12998, receipts sent 2",
            "8 records replayed, revenue 12998"), run(classes, journal), "the second run, as the README says");
    }

    /** @return the first Java code block after the README's "Embedding the engine" heading. */
    private static String exampleFromReadme() throws Exception
    {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final int section = readme.indexOf("## Embedding the engine");
        assertTrue(section >= 0, "README.md has no section 'Embedding the engine'");
        final int start = readme.indexOf("```java\n", section) + "```java\n".length();
        final int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    private static List<String> run(final Path classes, final Path journal) throws Exception
    {
        final Process child = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx64m",
            "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
            "HeraldExample", journal.toString())).redirectErrorStream(true).start();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        return out.lines().toList();
    }
}
