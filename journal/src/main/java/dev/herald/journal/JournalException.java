package dev.herald.journal;

/**
 * Base of the journal's exceptions: an I/O failure, a refused open, or damage.
 */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the file or directory.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong, naming the file or directory.
     * @param cause   the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
