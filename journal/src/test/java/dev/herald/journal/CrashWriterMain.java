package dev.herald.journal;

import java.nio.file.Path;

/**
 * Child process of {@link JournalCrashTest}: appends batches with per-batch durability for ever and prints each
 * durable sequence on standard output, until the parent kills it.
 */
public final class CrashWriterMain
{
    private CrashWriterMain()
    {
    }

    public static void main(final String[] args)
    {
        final Journal.Context context = JournalTestSupport.context(Path.of(args[0]))
            .segmentLength(JournalCrashTest.SEGMENT_LENGTH)
            .durability(DurabilityPolicy.PER_BATCH);
        try (JournalWriter writer = Journal.openWriter(context))
        {
            System.out.println("start " + writer.nextSequence());
            System.out.flush();
            int batch = 1;
            while (true)
            {
                JournalTestSupport.appendRecords(writer, batch);
                System.out.println(writer.durableSequence());
                System.out.flush();
                batch = batch % 7 + 1;
            }
        }
    }
}
