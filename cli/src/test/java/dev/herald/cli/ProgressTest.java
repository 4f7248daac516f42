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
        assertTrue(text.startsWith("\rrun [###############---------------]  50% 5/10 orders"), text);
        assertTrue(text.endsWith("\r"), text);
        assertEquals(-1, text.indexOf('\n'), text);
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
