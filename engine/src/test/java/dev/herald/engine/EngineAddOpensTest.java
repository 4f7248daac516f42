package dev.herald.engine;

import dev.herald.journal.AgronaAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineAddOpensTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldNameTheMissingFlagBeforeCreatingAnyFile() throws Exception
    {
        assertTrue(AgronaAccess.isOpen(), "the tests themselves run with the flag");
        final Path journal = dir.resolve("journal");
        final Process child = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
            "-cp", System.getProperty("java.class.path"), AddOpensMain.class.getName(), journal.toString()))
            .redirectErrorStream(true).start();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));

        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("started without " + AgronaAccess.FLAG), out);
        assertFalse(Files.exists(journal), "nothing created");
    }
}
