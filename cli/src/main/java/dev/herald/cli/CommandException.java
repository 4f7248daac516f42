package dev.herald.cli;

/**
 * A command failed for a reason a person can act on; carries the exit status and a one-line message that names
 * the file and the problem.
 */
final class CommandException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    private CommandException(final int exitStatus, final String message)
    {
        super(message);
        this.exitStatus = exitStatus;
    }

    static CommandException usage(final String message)
    {
        return new CommandException(Herald.EXIT_USAGE, message);
    }

    static CommandException damaged(final String message)
    {
        return new CommandException(Herald.EXIT_DAMAGED, message);
    }

    static CommandException unavailable(final String message)
    {
        return new CommandException(Herald.EXIT_UNAVAILABLE, message);
    }

    int exitStatus()
    {
        return exitStatus;
    }
}
