package dev.herald.cli;

import picocli.CommandLine.Option;

/**
 * Options every command takes. Read by {@link Herald}'s error handler through the command spec.
 */
final class CommonOptions
{
    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;
}
