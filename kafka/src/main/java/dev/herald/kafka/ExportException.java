package dev.herald.kafka;

/**
 * A reason the exporter cannot go on that a retry would not cure: another exporter took over the journal (it was
 * fenced), the topic does not exist, a record is larger than the producer may send, the broker refuses access, or
 * the journal no longer holds records the topic lacks.
 * Its message is one line naming the journal, the topic or the record.
 */
public final class ExportException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What went wrong, for a caller that answers each differently (an exit status, an alert). */
    public enum Reason
    {
        /** Another exporter of the same journal and topic started: this one stands down. */
        FENCED,
        /** The topic does not exist. */
        NO_TOPIC,
        /** A record is larger than the producer's {@code max.request.size} or the topic's limit. */
        RECORD_TOO_LARGE,
        /** The broker refused the producer: authentication, authorisation or an unsupported version. */
        REFUSED,
        /** Records the topic does not hold are no longer in the journal (removed by retention before export). */
        GAP
    }

    private final Reason reason;

    ExportException(final Reason reason, final String message, final Throwable cause)
    {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why the exporter stopped. */
    public Reason reason()
    {
        return reason;
    }
}
