package dev.herald.kafka;

import dev.herald.journal.Journal;
import dev.herald.journal.JournalReader;
import dev.herald.journal.JournalTailer;
import dev.herald.journal.RecordView;
import org.agrona.concurrent.Agent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows a journal and produces every record to a Kafka topic exactly once, across crashes and restarts.
 *
 * <p>How: a transactional producer whose {@code transactional.id} comes from the journal id and the topic
 * ({@link #transactionalIdFor}), so a second exporter of the same journal fences the first. On every (re)connect
 * the exporter calls {@code initTransactions} (which aborts whatever a dead predecessor left open), reads back
 * from the topic, read_committed, the last sequence of its journal there, and follows the journal from the next
 * one. Each transaction holds a contiguous run of sequences, committed when the journal has nothing more for the
 * moment, when it holds {@link Context#maxRecordsPerTransaction} records or when it is
 * {@link Context#commitIntervalNs} old. A failed commit is never retried in place: the exporter reconnects and asks
 * the topic again, so there is one recovery path. The Kafka layout of a record is {@link KafkaRecordFormat}.
 *
 * <p>Gating: an exporter inside the application that runs the engine passes {@code engine::durableSequence} as
 * {@link Context#durableSequence}, so it never publishes a record that a power cut could take back. An exporter
 * of a journal written by another process, or of a finished one, exports what it can read.
 *
 * <p>Faults: a broker that cannot be reached, a timeout or any other retriable failure is reported once per attempt
 * to {@link Context#retryListener} as one line, and the exporter tries again after
 * {@link Context#retryBackoffNs}; nothing is skipped. What a retry cannot cure (fenced, no such topic, a record
 * too large, access refused, records gone from the journal before they were exported) throws
 * {@link ExportException} from {@link #doWork()}.
 *
 * <p>Threading: an Agrona {@link Agent}, driven by one thread (an {@code AgentRunner} of its own: commits block on
 * the broker, so it must not share a thread with the engine's stages). {@link #exportedSequence()} and the other
 * counters may be read from any thread.
 */
public final class JournalExporter implements Agent, AutoCloseable
{
    private static final long NONE = -1L;

    private final Context context;
    private final JournalReader reader;
    private final long journalId;
    private final String transactionalId;
    private final Sender sender = new Sender();
    private final Callback sendCallback = (metadata, exception) -> onSendFailure(exception);

    private KafkaProducer<byte[], byte[]> producer;
    private JournalTailer tailer;
    private long retryAtNs;
    private long transactionStartNs;
    private int inTransaction;
    private boolean caughtUp;
    private volatile Throwable sendFailure;

    private volatile long exportedSequence = NONE;
    private volatile long exportedTimestamp;
    private volatile long sentSequence = NONE;
    private volatile long sentTimestamp;
    private volatile long resumedAfter = NONE;
    private volatile long transactions;
    private volatile long connects;
    private volatile long retries;

    private JournalExporter(final Context context, final JournalReader reader)
    {
        this.context = context;
        this.reader = reader;
        this.journalId = reader.journalId();
        this.transactionalId = null != context.transactionalId() ? context.transactionalId() :
            transactionalIdFor(journalId, context.topic());
    }

    /**
     * Open the journal for export; nothing is sent to Kafka before the first {@link #doWork()}.
     *
     * @param context what to export, and where.
     * @return an exporter, owned by the thread that will drive it.
     * @throws dev.herald.journal.JournalException when the directory is not a journal.
     */
    public static JournalExporter open(final Context context)
    {
        context.conclude();
        return new JournalExporter(context, Journal.openReader(context.directory()));
    }

    /**
     * @param journalId a journal's id.
     * @param topic     the topic it is exported to.
     * @return the producer's {@code transactional.id}: stable for a journal and a topic, so a restarted exporter
     *     fences the one it replaces.
     */
    public static String transactionalIdFor(final long journalId, final String topic)
    {
        return "herald-export-" + Long.toHexString(journalId) + "-" + topic;
    }

    @Override
    public String roleName()
    {
        return "herald-export-" + context.topic();
    }

    /**
     * Connect when needed, move what the journal has into the open transaction, commit when due.
     *
     * @return work done (records sent, a connect, a commit); 0 when idle or waiting to retry.
     * @throws ExportException when the exporter cannot go on; it is disconnected by then.
     */
    @Override
    public int doWork() throws InterruptedException
    {
        try
        {
            if (null == producer)
            {
                if (System.nanoTime() - retryAtNs < 0)
                {
                    return 0;
                }
                connect();
                return 1;
            }
            return exportAvailable();
        }
        catch (final KafkaException ex)
        {
            final ExportException fatal = classify(ex);
            disconnect();
            if (null != fatal)
            {
                throw fatal;
            }
            retries++;
            retryAtNs = System.nanoTime() + context.retryBackoffNs();
            context.retryListener().accept("kafka at " + context.bootstrapServers() + ": " + oneLine(ex) +
                "; retrying in " + TimeUnit.NANOSECONDS.toMillis(context.retryBackoffNs()) + " ms");
            return 0;
        }
        catch (final ExportException ex)
        {
            disconnect();
            throw ex;
        }
    }

    private void connect() throws InterruptedException
    {
        caughtUp = false;
        final KafkaProducer<byte[], byte[]> newProducer = new KafkaProducer<>(
            producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        producer = newProducer;
        // fences an older exporter of this journal and aborts the transaction it left open
        newProducer.initTransactions();

        final long last;
        try (Admin admin = Admin.create(adminProperties());
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            last = ExportedPosition.lastExported(admin, consumer, context.topic(), journalId, requestTimeout());
        }
        resumedAfter = last;
        exportedSequence = last;
        sentSequence = last;
        inTransaction = 0;
        sendFailure = null;
        tailer = reader.follow(last + 1);
        connects++;
    }

    private int exportAvailable()
    {
        final long bound = null == context.durableSequence() ? Long.MAX_VALUE : context.durableSequence().getAsLong();
        final int room = context.maxRecordsPerTransaction() - inTransaction;
        final int sent = room > 0 ? tailer.poll(sender, room, bound) : 0;
        int work = sent;
        if (inTransaction > 0 && (sent == 0 || inTransaction >= context.maxRecordsPerTransaction() ||
            System.nanoTime() - transactionStartNs >= context.commitIntervalNs()))
        {
            commit();
            work++;
        }
        caughtUp = sent == 0 && inTransaction == 0;
        return work;
    }

    private void commit()
    {
        producer.commitTransaction();
        final Throwable failure = sendFailure;
        if (null != failure)
        {
            // cannot happen after a successful commit; kept as a guard against losing a record silently
            throw new KafkaException("a send failed in a committed transaction", failure);
        }
        inTransaction = 0;
        exportedTimestamp = sentTimestamp;
        exportedSequence = sentSequence;
        transactions++;
    }

    private void onSendFailure(final Exception exception)
    {
        if (null != exception && null == sendFailure)
        {
            sendFailure = exception;
        }
    }

    private ExportException classify(final KafkaException ex)
    {
        final Throwable cause = null != sendFailure ? sendFailure : ex;
        for (Throwable t = cause; t != null; t = t.getCause())
        {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException)
            {
                return new ExportException(ExportException.Reason.FENCED, "another exporter of journal " +
                    Long.toHexString(journalId) + " to topic " + context.topic() + " took over (transactional.id " +
                    transactionalId + "); this one stops", ex);
            }
            if (t instanceof RecordTooLargeException)
            {
                return new ExportException(ExportException.Reason.RECORD_TOO_LARGE, "a record at sequences " +
                    (exportedSequence + 1) + ".." + sentSequence + " of journal " + context.directory() +
                    " is larger than Kafka accepts (producer max.request.size, topic max.message.bytes): " +
                    oneLine(t), ex);
            }
            if (t instanceof AuthenticationException || t instanceof AuthorizationException ||
                t instanceof UnsupportedVersionException)
            {
                return new ExportException(ExportException.Reason.REFUSED, "kafka at " + context.bootstrapServers() +
                    " refused the exporter: " + oneLine(t), ex);
            }
        }
        return null;
    }

    private void disconnect()
    {
        if (null != tailer)
        {
            tailer.close();
            tailer = null;
        }
        if (null != producer)
        {
            producer.close(Duration.ZERO);
            producer = null;
        }
        inTransaction = 0;
        caughtUp = false;
        sentSequence = exportedSequence;
    }

    /**
     * Commit what was sent (if the broker answers within the request timeout), then release the producer and the
     * journal. What could not be committed is exported again by the next exporter of this journal.
     */
    @Override
    public void onClose()
    {
        try
        {
            if (null != producer && inTransaction > 0 && null == sendFailure)
            {
                commit();
            }
        }
        catch (final KafkaException ignore)
        {
            // the next exporter aborts this transaction and resumes after the last committed one
        }
        finally
        {
            disconnect();
            reader.close();
        }
    }

    /** Same as {@link #onClose()}, for use without an {@code AgentRunner}. */
    @Override
    public void close()
    {
        onClose();
    }

    /** @return whether the last {@link #doWork()} found nothing more to send and nothing left to commit. */
    public boolean isCaughtUp()
    {
        return caughtUp;
    }

    /** @return the last sequence in a committed transaction, -1 before the first; any thread. */
    public long exportedSequence()
    {
        return exportedSequence;
    }

    /** @return the last sequence handed to the producer, committed or not; any thread. */
    public long sentSequence()
    {
        return sentSequence;
    }

    /**
     * @return how far the topic is behind what this exporter has read of the journal, in journal time: the timestamp
     *     of the newest record sent minus that of the newest record committed, in nanoseconds; any thread.
     */
    public long lagNs()
    {
        return exportedSequence == sentSequence ? 0 : Math.max(0, sentTimestamp - exportedTimestamp);
    }

    /**
     * @return records behind the engine's durable sequence when {@link Context#durableSequence} is set, else
     *     records sent but not yet committed; any thread.
     */
    public long lagRecords()
    {
        final long tip = null == context.durableSequence() ? sentSequence : context.durableSequence().getAsLong();
        return Math.max(0, tip - exportedSequence);
    }

    /** @return the sequence the topic held for this journal at the last connect, -1 when it held none. */
    public long resumedAfter()
    {
        return resumedAfter;
    }

    /** @return committed transactions. */
    public long transactions()
    {
        return transactions;
    }

    /** @return successful connects (the first included). */
    public long connects()
    {
        return connects;
    }

    /** @return failed attempts that were retried. */
    public long retries()
    {
        return retries;
    }

    /** @return the id of the journal exported. */
    public long journalId()
    {
        return journalId;
    }

    /** @return the producer's transactional id. */
    public String transactionalId()
    {
        return transactionalId;
    }

    /** @return the context it was opened with. */
    public Context context()
    {
        return context;
    }

    private Duration requestTimeout()
    {
        return Duration.ofNanos(context.requestTimeoutNs());
    }

    private Map<String, Object> producerProperties()
    {
        final int timeoutMs = (int)requestTimeout().toMillis();
        final Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        // at least linger.ms + request.timeout.ms, as the producer requires
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeoutMs + 5);
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        properties.putAll(context.clientProperties());
        return properties;
    }

    private Map<String, Object> consumerProperties()
    {
        final int timeoutMs = (int)requestTimeout().toMillis();
        final Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId + "-recovery");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // the read-back ends where a partition ends: do not wait the default 500 ms there for more
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.putAll(context.clientProperties());
        return properties;
    }

    private Map<String, Object> adminProperties()
    {
        final int timeoutMs = (int)requestTimeout().toMillis();
        final Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, transactionalId + "-admin");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.putAll(context.clientProperties());
        return properties;
    }

    /** @return the message on one line, without a closing full stop (a "; retrying" follows it). */
    static String oneLine(final Throwable t)
    {
        final String message = (null == t.getMessage() ? t.getClass().getSimpleName() : t.getMessage())
            .replace('\n', ' ').trim();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /** Hands each record from the tailer to the producer, opening a transaction with the first. */
    private final class Sender implements dev.herald.journal.RecordHandler
    {
        @Override
        public boolean onRecord(final RecordView record)
        {
            final long sequence = record.sequence();
            if (sequence != sentSequence + 1)
            {
                throw new ExportException(ExportException.Reason.GAP, "journal " + context.directory() +
                    " no longer holds sequences " + (sentSequence + 1) + ".." + (sequence - 1) +
                    ": they were removed before they were exported", null);
            }
            if (inTransaction == 0)
            {
                producer.beginTransaction();
                transactionStartNs = System.nanoTime();
            }
            producer.send(new ProducerRecord<>(context.topic(), null, KafkaRecordFormat.timestampMs(record),
                KafkaRecordFormat.key(record), KafkaRecordFormat.value(record),
                KafkaRecordFormat.headers(record, journalId)), sendCallback);
            inTransaction++;
            sentTimestamp = record.timestamp();
            sentSequence = sequence;
            return true;
        }
    }

    /**
     * What to export and where. Setters return this context; {@link #conclude()} (called by
     * {@link JournalExporter#open}) checks it.
     */
    public static final class Context
    {
        /** Default most records in one transaction. */
        public static final int MAX_RECORDS_PER_TRANSACTION_DEFAULT = 16_384;
        /** Default longest time a transaction stays open while records keep coming. */
        public static final long COMMIT_INTERVAL_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(100);
        /** Default wait before a retry after a failure. */
        public static final long RETRY_BACKOFF_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);
        /** Default time a Kafka call may take before it counts as failed: how soon an unreachable broker shows. */
        public static final long REQUEST_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

        private Path directory;
        private String bootstrapServers;
        private String topic;
        private String transactionalId;
        private int maxRecordsPerTransaction = MAX_RECORDS_PER_TRANSACTION_DEFAULT;
        private long commitIntervalNs = COMMIT_INTERVAL_DEFAULT_NS;
        private long retryBackoffNs = RETRY_BACKOFF_DEFAULT_NS;
        private long requestTimeoutNs = REQUEST_TIMEOUT_DEFAULT_NS;
        private LongSupplier durableSequence;
        private Consumer<String> retryListener = message -> { };
        private final Map<String, Object> clientProperties = new HashMap<>();

        /**
         * @return this context, checked.
         * @throws IllegalArgumentException naming the first field that is missing or out of range.
         */
        public Context conclude()
        {
            Objects.requireNonNull(directory, "directory");
            if (null == bootstrapServers || bootstrapServers.isBlank())
            {
                throw new IllegalArgumentException("bootstrapServers is required, e.g. localhost:9092");
            }
            if (null == topic || topic.isBlank())
            {
                throw new IllegalArgumentException("topic is required");
            }
            if (maxRecordsPerTransaction < 1)
            {
                throw new IllegalArgumentException(
                    "invalid maxRecordsPerTransaction=" + maxRecordsPerTransaction + ", must be >= 1");
            }
            if (commitIntervalNs < 0 || retryBackoffNs < 0 || requestTimeoutNs < TimeUnit.MILLISECONDS.toNanos(1))
            {
                throw new IllegalArgumentException("invalid commitIntervalNs=" + commitIntervalNs +
                    " retryBackoffNs=" + retryBackoffNs + " requestTimeoutNs=" + requestTimeoutNs +
                    ", must be >= 0, >= 0 and >= 1 ms");
            }
            return this;
        }

        /** @param directory the journal to export. @return this. */
        public Context directory(final Path directory)
        {
            this.directory = directory;
            return this;
        }

        /** @return the journal to export. */
        public Path directory()
        {
            return directory;
        }

        /** @param bootstrapServers Kafka's {@code host:port[,host:port]}. @return this. */
        public Context bootstrapServers(final String bootstrapServers)
        {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** @return Kafka's {@code host:port[,host:port]}. */
        public String bootstrapServers()
        {
            return bootstrapServers;
        }

        /** @param topic the topic to produce to; it must exist. @return this. */
        public Context topic(final String topic)
        {
            this.topic = topic;
            return this;
        }

        /** @return the topic to produce to. */
        public String topic()
        {
            return topic;
        }

        /**
         * @param transactionalId the producer's transactional id; null (the default) for
         *                        {@link JournalExporter#transactionalIdFor}.
         * @return this.
         */
        public Context transactionalId(final String transactionalId)
        {
            this.transactionalId = transactionalId;
            return this;
        }

        /** @return the transactional id given, or null for the default. */
        public String transactionalId()
        {
            return transactionalId;
        }

        /** @param maxRecordsPerTransaction most records in one transaction. @return this. */
        public Context maxRecordsPerTransaction(final int maxRecordsPerTransaction)
        {
            this.maxRecordsPerTransaction = maxRecordsPerTransaction;
            return this;
        }

        /** @return most records in one transaction. */
        public int maxRecordsPerTransaction()
        {
            return maxRecordsPerTransaction;
        }

        /** @param commitIntervalNs longest time a transaction stays open while records keep coming. @return this. */
        public Context commitIntervalNs(final long commitIntervalNs)
        {
            this.commitIntervalNs = commitIntervalNs;
            return this;
        }

        /** @return longest time a transaction stays open while records keep coming. */
        public long commitIntervalNs()
        {
            return commitIntervalNs;
        }

        /** @param retryBackoffNs wait before a retry after a failure. @return this. */
        public Context retryBackoffNs(final long retryBackoffNs)
        {
            this.retryBackoffNs = retryBackoffNs;
            return this;
        }

        /** @return wait before a retry after a failure. */
        public long retryBackoffNs()
        {
            return retryBackoffNs;
        }

        /**
         * @param requestTimeoutNs time a Kafka call may take (connect, initTransactions, a send, the read-back)
         *                         before it counts as failed and is retried.
         * @return this.
         */
        public Context requestTimeoutNs(final long requestTimeoutNs)
        {
            this.requestTimeoutNs = requestTimeoutNs;
            return this;
        }

        /** @return time a Kafka call may take before it counts as failed. */
        public long requestTimeoutNs()
        {
            return requestTimeoutNs;
        }

        /**
         * @param durableSequence the last sequence that may be exported, read on the exporter's thread, such as
         *                        {@code engine::durableSequence}; null (the default) for everything readable.
         * @return this.
         */
        public Context durableSequence(final LongSupplier durableSequence)
        {
            this.durableSequence = durableSequence;
            return this;
        }

        /** @return the bound on exported sequences, or null. */
        public LongSupplier durableSequence()
        {
            return durableSequence;
        }

        /**
         * @param retryListener told, on the exporter's thread, one line per failed attempt that will be retried.
         * @return this.
         */
        public Context retryListener(final Consumer<String> retryListener)
        {
            this.retryListener = Objects.requireNonNull(retryListener, "retryListener");
            return this;
        }

        /** @return told one line per failed attempt that will be retried. */
        public Consumer<String> retryListener()
        {
            return retryListener;
        }

        /**
         * @param name  a Kafka client property (security settings, say) for the producer and for the consumer and
         *              admin client that read the topic back; it overrides the exporter's own.
         * @param value its value.
         * @return this.
         */
        public Context clientProperty(final String name, final Object value)
        {
            clientProperties.put(name, value);
            return this;
        }

        /** @return the client properties given. */
        public Map<String, Object> clientProperties()
        {
            return clientProperties;
        }
    }
}
