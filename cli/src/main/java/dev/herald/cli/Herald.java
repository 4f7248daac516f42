package dev.herald.cli;

import dev.herald.journal.JournalCorruptedException;
import dev.herald.journal.JournalException;
import dev.herald.journal.JournalFullException;
import dev.herald.journal.JournalStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code herald} command: runs the store and replays, dumps, verifies, traces and inspects its journal.
 *
 * <p>Exit status: {@link #EXIT_OK} on success, {@link #EXIT_DAMAGED} when a journal is damaged or cannot be written,
 * {@link #EXIT_USAGE} for usage errors and unusable input (a missing directory, a directory that is not a
 * journal or holds another application's journal, a journal locked by a running writer) and
 * {@link #EXIT_INTERNAL} for a bug, {@link #EXIT_UNAVAILABLE} when an export cannot reach or use Kafka. Errors are
 * one line on standard error naming the file and the problem; a
 * stack trace follows only with {@code --verbose}.
 *
 * <p>Threading: {@link #execute(PrintWriter, PrintWriter, String...)} runs one command on the calling thread
 * and may be called from several threads at once, each call with its own writers.
 */
@Command(
    name = "herald",
    mixinStandardHelpOptions = true,
    versionProvider = Herald.Version.class,
    description = "Runs the Herald store and inspects, verifies and replays its journal.",
    subcommands = {
        RunCommand.class,
        ReplayCommand.class,
        DumpCommand.class,
        VerifyCommand.class,
        TraceCommand.class,
        StatsCommand.class,
        SnapshotCommand.class,
        ExportCommand.class,
        CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit status:%n",
    footer = {
        "  0  success",
        "  1  a journal is damaged (corruption found, or a read cannot get past it),",
        "     or cannot be written (a full disk, an I/O error)",
        "  2  usage error or unusable input: a missing directory, not a journal,",
        "     another application's journal, a journal locked by a running writer",
        "  3  internal error; rerun with --verbose for the stack trace",
        "  4  export: Kafka unreachable past --retry-for, access refused, or another",
        "     export of the same journal took over",
        "130  run or export stopped by Ctrl-C or SIGTERM after draining or committing;",
        "     run again to resume"
    })
public final class Herald implements Runnable
{
    /** Success. */
    public static final int EXIT_OK = 0;
    /** A journal is damaged, or cannot be written (a full disk, an I/O error). */
    public static final int EXIT_DAMAGED = 1;
    /** A usage error, or input that cannot be used. */
    public static final int EXIT_USAGE = 2;
    /** Anything unexpected: a bug. */
    public static final int EXIT_INTERNAL = 3;
    /** Kafka could not be reached for too long, refused the exporter, or another exporter took over. */
    public static final int EXIT_UNAVAILABLE = 4;
    /** Stopped by Ctrl-C (SIGINT) or SIGTERM after draining what was accepted: 128 + SIGINT, as shells report. */
    public static final int EXIT_INTERRUPTED = 130;

    private static final int OUT_BUFFER_SIZE = 64 * 1024;

    @Spec
    private CommandSpec spec;

    /**
     * Entry point of the executable jar; exits the JVM with the command's status.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        // straight to the file descriptor, not System.out: a PrintStream hides a closed pipe (dump | head), and
        // the dump must see it to stop reading; buffered, since dump prints a line per record
        final PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
            new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), OUT_BUFFER_SIZE), false);
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        if (!dev.herald.journal.AgronaAccess.isOpen())
        {
            // ./herald's jar carries the flag in its manifest; a hand-made java command line may not
            err.println("herald: started without " + dev.herald.journal.AgronaAccess.FLAG + "; run it as " +
                "./herald, or java " + dev.herald.journal.AgronaAccess.FLAG + " -jar herald.jar");
            System.exit(EXIT_USAGE);
        }
        final int status = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Run one command in this JVM, writing to the given writers instead of the process's streams.
     *
     * @param out  standard output.
     * @param err  standard error.
     * @param args command line, as given to {@code herald}.
     * @return the exit status.
     */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        return execute(out, err, JournalStorage.FILE_SYSTEM, args);
    }

    /**
     * Run one command with the journal of {@code run} written through the given storage (tests fill or break it).
     */
    static int execute(final PrintWriter out, final PrintWriter err, final JournalStorage storage, final String... args)
    {
        final CommandLine commandLine = newCommandLine(out, err, storage);
        final int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    static CommandLine newCommandLine(final PrintWriter out, final PrintWriter err)
    {
        return newCommandLine(out, err, JournalStorage.FILE_SYSTEM);
    }

    private static CommandLine newCommandLine(final PrintWriter out, final PrintWriter err, final JournalStorage storage)
    {
        final CommandLine.IFactory defaults = CommandLine.defaultFactory();
        final CommandLine.IFactory factory = new CommandLine.IFactory()
        {
            @Override
            public <K> K create(final Class<K> type) throws Exception
            {
                return type == RunCommand.class ? type.cast(new RunCommand(storage)) : defaults.create(type);
            }
        };
        return new CommandLine(new Herald(), factory)
            .setOut(out)
            .setErr(err)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(Herald::onExecutionException)
            .setParameterExceptionHandler(Herald::onParameterException);
    }

    /**
     * {@code herald} alone: a usage error, since there is nothing to do.
     */
    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    private static int onParameterException(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final String name = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(name + ": " + usageMessage(ex) + " (see '" + name + " --help')");
        commandLine.getErr().flush();
        return EXIT_USAGE;
    }

    /**
     * Picocli's parse errors in Herald's own style: {@code invalid --orders=abc, must be a whole number}, lower case,
     * the option and the value given.
     */
    static String usageMessage(final CommandLine.ParameterException ex)
    {
        final String message = oneLine(ex.getMessage());
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec && ex.getValue() != null &&
            message.startsWith("Invalid value for option"))
        {
            final CommandLine.Model.OptionSpec option = (CommandLine.Model.OptionSpec)ex.getArgSpec();
            final int because = message.lastIndexOf(": ");
            final String reason = message.contains("is not a long") || message.contains("is not an int") ?
                "a whole number" : message.contains("is not a float") || message.contains("is not a double") ?
                "a number" : because > 0 ? message.substring(because + 2) : "valid";
            return "invalid " + option.longestName() + "=" + ex.getValue() + ", must be " + reason;
        }
        final java.util.regex.Matcher unknown =
            java.util.regex.Pattern.compile("Unknown options?: (.*)").matcher(message);
        if (unknown.matches())
        {
            return "unknown option " + unknown.group(1).replace("'", "");
        }
        final java.util.regex.Matcher missing =
            java.util.regex.Pattern.compile("Missing required (?:parameter|option)s?: (.*)").matcher(message);
        if (missing.matches())
        {
            return "missing " + missing.group(1).replace("'", "");
        }
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static int onExecutionException(
        final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        final int status;
        final String message;
        if (ex instanceof CommandException)
        {
            status = ((CommandException)ex).exitStatus();
            message = ex.getMessage();
        }
        else if (ex instanceof JournalCorruptedException)
        {
            final JournalCorruptedException corrupted = (JournalCorruptedException)ex;
            status = EXIT_DAMAGED;
            message = "journal damaged: " + corrupted.segment() + " at offset " + corrupted.offset() + ": " +
                corrupted.reason();
        }
        else if (ex instanceof JournalFullException)
        {
            status = EXIT_DAMAGED;
            message = ex.getMessage();
        }
        else if (ex instanceof JournalException)
        {
            status = EXIT_USAGE;
            message = ex.getMessage();
        }
        else if (ex instanceof IllegalArgumentException)
        {
            status = EXIT_USAGE;
            message = ex.getMessage();
        }
        else
        {
            status = EXIT_INTERNAL;
            message = "internal error: " + (isVerbose(commandLine) ? ex.toString() :
                (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName()) + " (rerun with --verbose)");
        }

        final PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " +
            (isVerbose(commandLine) ? oneLine(message) : withoutClassNames(oneLine(message))));
        if (isVerbose(commandLine))
        {
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    private static boolean isVerbose(final CommandLine commandLine)
    {
        final OptionSpec verbose = commandLine.getCommandSpec().findOption("--verbose");
        return null != verbose && Boolean.TRUE.equals(verbose.getValue());
    }

    private static final java.util.regex.Pattern CLASS_NAME =
        java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ?");

    /**
     * @return the message without the Java exception class names that causes add ("java.nio.file.NoSuchFileException:
     * "); with {@code --verbose} they stay, with the stack trace.
     */
    static String withoutClassNames(final String message)
    {
        return CLASS_NAME.matcher(message).replaceAll("");
    }

    static String oneLine(final String message)
    {
        if (null == message)
        {
            return "unknown error";
        }
        return message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = Herald.class.getPackage().getImplementationVersion();
            return new String[]{ "herald " + (null == version ? "(development build)" : version) };
        }
    }
}
