package dev.herald.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.herald.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalLockTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondWriterInTheSameProcess()
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 2);
            final JournalLockedException ex = assertThrows(JournalLockedException.class,
                () -> Journal.openWriter(context(dir)));
            assertEquals(dir, ex.directory());
            assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
        }
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            assertEquals(2, writer.nextSequence(), "the lock is released on close");
        }
    }

    @Test
    @Timeout(60)
    void shouldRefuseASecondWriterInAnotherProcess() throws Exception
    {
        try (JournalWriter writer = Journal.openWriter(context(dir)))
        {
            appendRecords(writer, 1);
            final Process child = ChildJvm.start(LockProbeMain.class, dir.toString());
            final String line;
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
            {
                line = out.readLine();
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals("locked: journal " + dir + " is locked by a running writer", line);
        }
    }
}
