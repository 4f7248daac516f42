package dev.herald.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the command in this JVM with captured standard output and error.
 */
final class Cli
{
    final int status;
    final String out;
    final String err;

    private Cli(final int status, final String out, final String err)
    {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    static Cli run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Herald.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(status, out.toString(), err.toString());
    }

    String[] errLines()
    {
        return err.isEmpty() ? new String[0] : err.split("\\R");
    }

    @Override
    public String toString()
    {
        return "status=" + status + "\n--- out\n" + out + "--- err\n" + err;
    }
}
