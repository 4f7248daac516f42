package dev.herald.kafka;

import java.nio.file.Path;

/**
 * Child JVM of {@link ExporterCrashTest}: exports the journal in small transactions, printing
 * {@code committed SEQ} after each commit and {@code done SEQ} once caught up. The test kills it at random.
 * Arguments: journal directory, bootstrap servers, topic.
 */
public final class ExporterCrashMain
{
    private ExporterCrashMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (JournalExporter exporter = JournalExporter.open(new JournalExporter.Context()
            .directory(Path.of(args[0]))
            .bootstrapServers(args[1])
            .topic(args[2])
            .maxRecordsPerTransaction(200)
            .clientProperty("buffer.memory", 4 * 1024 * 1024)
            .retryListener(message -> System.err.println("exporter child: " + message))))
        {
            System.out.println("started");
            System.out.flush();
            long transactions = 0;
            while (!exporter.isCaughtUp())
            {
                exporter.doWork();
                if (exporter.transactions() != transactions)
                {
                    transactions = exporter.transactions();
                    System.out.println("committed " + exporter.exportedSequence());
                    System.out.flush();
                }
            }
            System.out.println("done " + exporter.exportedSequence() + " resumedAfter " + exporter.resumedAfter());
            System.out.flush();
        }
    }
}
