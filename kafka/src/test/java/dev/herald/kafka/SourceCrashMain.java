package dev.herald.kafka;

import dev.herald.engine.Engine;

import java.nio.file.Path;

/**
 * Child JVM of {@link SourceCrashTest}: the store engine over a journal, fed by a Kafka source, printing
 * {@code taken N} every 100 records and {@code done N} once it has taken {@code expected} records in all (those
 * its journal held at start included) and closed the engine. Arguments: journal directory, bootstrap servers,
 * topic, expected.
 */
public final class SourceCrashMain
{
    private SourceCrashMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path journal = Path.of(args[0]);
        final long expected = Long.parseLong(args[3]);
        final long before = java.nio.file.Files.exists(journal) ? SourceSupport.taken(journal).size() : 0;
        final SourcePositions positions = new SourcePositions();
        long taken;
        try (Engine engine = SourceSupport.launchStore(journal, positions);
            KafkaOrderSource source = KafkaOrderSource.open(new KafkaOrderSource.Context()
                .bootstrapServers(args[1])
                .topic(args[2])
                .groupId("crash-" + args[2])
                .groupInstanceId("engine-1")
                .maxPollRecords(50)
                .engine(engine)
                .positions(positions)
                .retryListener(message -> System.err.println("source child: " + message))))
        {
            System.out.println("started " + before);
            System.out.flush();
            long reported = 0;
            while (before + source.published() + source.rejected() < expected)
            {
                if (source.doWork() == 0)
                {
                    Thread.sleep(1);
                }
                final long thisRun = source.published() + source.rejected();
                if (thisRun / 100 != reported)
                {
                    reported = thisRun / 100;
                    System.out.println("taken " + (before + thisRun));
                    System.out.flush();
                }
            }
            taken = before + source.published() + source.rejected();
        }
        // after the engine's close: everything taken is journaled
        System.out.println("done " + taken);
        System.out.flush();
    }
}
