package dev.herald.journal;

import java.nio.file.Path;

final class JournalVerifier
{
    private JournalVerifier()
    {
    }

    static VerifyReport verify(final Path directory)
    {
        throw new UnsupportedOperationException("TODO");
    }
}
