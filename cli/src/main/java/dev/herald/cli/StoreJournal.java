package dev.herald.cli;

import dev.herald.journal.JournalReader;
import dev.herald.store.StoreSchema;

import java.nio.file.Path;

/**
 * Opens journals that must hold the store's facts ({@code replay}, {@code trace}): a journal of another
 * application is refused by its application id, with exit status 2, rather than misread.
 */
final class StoreJournal
{
    private StoreJournal()
    {
    }

    /**
     * @param directory given by the user.
     * @return a reader over the store journal in it; the caller closes it.
     * @throws CommandException (usage) when the directory is missing or holds another application's journal.
     */
    static JournalReader openReader(final Path directory)
    {
        final JournalReader reader = JournalInput.openReader(directory);
        try
        {
            requireStore(directory, reader.applicationId());
            return reader;
        }
        catch (final RuntimeException ex)
        {
            reader.close();
            throw ex;
        }
    }

    /**
     * @return the store as the commands rebuild it from a journal: fresh reactions with the generator's stock and the
     * default window, as {@code run} builds them, so replay reaches the digest of the run.
     */
    static dev.herald.store.Store newStore()
    {
        return new dev.herald.store.Store(new dev.herald.store.OrderGenerator(0).stockInto(
            new dev.herald.store.Store.Context()));
    }

    static void requireStore(final Path directory, final long applicationId)
    {
        if (applicationId != StoreSchema.APPLICATION_ID)
        {
            throw CommandException.usage(String.format(
                "%s: not a store journal (applicationId=0x%016x, expected 0x%016x)",
                directory, applicationId, StoreSchema.APPLICATION_ID));
        }
    }
}
