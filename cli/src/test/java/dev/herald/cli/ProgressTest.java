package dev.herald.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ProgressTest
{
    @Test
    void shouldDrawBarInPlaceAndWipeItWhenClosed()
    {
        final StringWriter err = new StringWriter();
        final Progress progress = new Progress(new PrintWriter(err), true, "run", "orders", 10, () -> 5, () -> {});

        progress.drawBar();
        progress.close();

        final String text = err.toString();
        assertTrue(text.startsWith("\rrun [###############---------------]  50%  5/10 orders"), text);
        assertTrue(text.endsWith("\r\033[K"), "wiped: " + text);
        assertEquals(-1, text.indexOf('\n'), text);
    }

    @Test
    void shouldShowTheCurrentRateAndAnEtaAndEraseWhatALongerLineLeft()
    {
        final Progress progress = new Progress(new PrintWriter(new StringWriter()), false, "run", "orders", 10_000,
            () -> 0, () -> {});
        final long start = System.nanoTime();
        String line = "";
        for (int i = 0; i <= 9; i++)
        {
            line = progress.line(i * 1_000L, start + i * 1_000_000_000L);
        }
        assertTrue(line.contains("9,000/10,000 orders  1,000/s  ETA 1s"), line);
        assertTrue(line.endsWith("\033[K"), "erases to the end of the line: " + line);

        for (int i = 10; i <= 15; i++)
        {
            line = progress.line(9_000L, start + i * 1_000_000_000L);
        }
        assertTrue(line.contains("  0/s  ETA -"), "a stall shows as 0/s: " + line);
        progress.close();
    }

    @Test
    void shouldSampleOnceMoreWhenClosedAndDrawNothingWithoutTerminal()
    {
        final StringWriter err = new StringWriter();
        final AtomicInteger samples = new AtomicInteger();
        final Progress progress = new Progress(new PrintWriter(err), false, "run", "orders", 10, () -> 5,
            samples::incrementAndGet);

        progress.close();

        assertTrue(samples.get() >= 1);
        assertEquals("", err.toString());
    }
}
