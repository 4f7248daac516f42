package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a latency percentile chart as a hand-written SVG from HdrHistogram {@code .hgrm} files (values in
 * microseconds, as {@code outputPercentileDistribution(out, 1000.0)} writes them): x is the percentile on the
 * usual {@code 1/(1-p)} log scale, y the latency on a log scale, one line per file, coloured by system and
 * dashed by rate.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.herald.bench.LatencyChart docs/latency.svg docs/latency/*.hgrm
 * </pre>
 */
public final class LatencyChart
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final double X_MAX_DECADES = 6;
    private static final String[] COLOURS =
        { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf" };
    private static final String[] DASHES = { "", "8,4", "3,3", "12,4,3,4", "2,6" };

    private LatencyChart()
    {
    }

    /**
     * @param args the SVG file, then the .hgrm files.
     * @throws IOException if a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 2)
        {
            throw new IllegalArgumentException("usage: LatencyChart out.svg file.hgrm...");
        }
        final List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++)
        {
            files.add(Path.of(args[i]));
        }
        write(files, Path.of(args[0]));
    }

    /**
     * One parsed percentile line.
     *
     * @param valueUs       latency in microseconds.
     * @param inverseOneMinusP {@code 1/(1-p)}, infinite for the max.
     */
    record Point(double valueUs, double inverseOneMinusP)
    {
    }

    /**
     * Parse an .hgrm file.
     *
     * @param file to read.
     * @return its percentile points, without the infinite last one.
     * @throws IOException if it cannot be read.
     */
    static List<Point> parse(final Path file) throws IOException
    {
        final List<Point> points = new ArrayList<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
        {
            final String[] cols = line.trim().split("\\s+");
            if (cols.length != 4 || line.startsWith("#") || !Character.isDigit(cols[0].charAt(0)))
            {
                continue;
            }
            try
            {
                final double value = Double.parseDouble(cols[0]);
                final double inverse = cols[3].equalsIgnoreCase("inf") || cols[3].equalsIgnoreCase("infinity") ?
                    Double.POSITIVE_INFINITY : Double.parseDouble(cols[3]);
                if (Double.isFinite(inverse))
                {
                    points.add(new Point(value, inverse));
                }
            }
            catch (final NumberFormatException ignore)
            {
                // a header line
            }
        }
        if (points.isEmpty())
        {
            throw new IllegalArgumentException("no percentile lines in file=" + file);
        }
        return points;
    }

    /**
     * Draw the chart.
     *
     * @param files .hgrm files named {@code system-rate.hgrm}.
     * @param svg   file to write.
     * @throws IOException if a file cannot be read or written.
     */
    public static void write(final List<Path> files, final Path svg) throws IOException
    {
        final Map<String, List<Point>> series = new LinkedHashMap<>();
        double minUs = Double.MAX_VALUE;
        double maxUs = 0;
        for (final Path file : files)
        {
            final List<Point> points = parse(file);
            series.put(file.getFileName().toString().replace(".hgrm", ""), points);
            for (final Point p : points)
            {
                minUs = Math.min(minUs, Math.max(p.valueUs(), 0.1));
                maxUs = Math.max(maxUs, p.valueUs());
            }
        }
        final double yMin = Math.pow(10, Math.floor(Math.log10(minUs)));
        final double yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(maxUs, yMin * 10))));
        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;

        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"28\" font-size=\"16\">Publish to all reactions done, latency by percentile " +
            "(coordinated-omission corrected)</text>%n", LEFT));

        for (int d = 0; d <= X_MAX_DECADES; d++)
        {
            final double x = LEFT + plotW * d / X_MAX_DECADES;
            sb.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x, TOP + plotH));
            sb.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x, TOP + plotH + 18, percentileLabel(d)));
        }
        sb.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n", LEFT + plotW / 2, HEIGHT - 15));
        for (double v = yMin; v <= yMax * 1.0001; v *= 10)
        {
            final double y = yOf(v, yMin, yMax, plotH);
            sb.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotW, y));
            sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, microsLabel(v)));
        }
        sb.append(String.format(Locale.ROOT,
            "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">latency</text>%n",
            TOP + plotH / 2, TOP + plotH / 2));
        sb.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
            LEFT, TOP, plotW, plotH));

        final Map<String, Integer> systemColour = new LinkedHashMap<>();
        final Map<String, Integer> rateDash = new LinkedHashMap<>();
        int legendY = TOP + 10;
        for (final Map.Entry<String, List<Point>> entry : series.entrySet())
        {
            final String name = entry.getKey();
            final int dash = name.lastIndexOf('-');
            final String system = dash > 0 ? name.substring(0, dash) : name;
            final String rate = dash > 0 ? name.substring(dash + 1) : "";
            final int colourIndex = systemColour.computeIfAbsent(system, k -> systemColour.size());
            final String colour = COLOURS[colourIndex % COLOURS.length];
            final String dashArray = DASHES[rateDash.computeIfAbsent(rate, k -> rateDash.size()) % DASHES.length];
            final StringBuilder path = new StringBuilder();
            for (final Point p : entry.getValue())
            {
                final double decades = Math.min(X_MAX_DECADES, Math.log10(Math.max(1, p.inverseOneMinusP())));
                final double x = LEFT + plotW * decades / X_MAX_DECADES;
                final double y = yOf(Math.max(p.valueUs(), yMin), yMin, yMax, plotH);
                path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            }
            sb.append(String.format(Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s points=\"%s\"/>%n",
                colour, dashArray.isEmpty() ? "" : " stroke-dasharray=\"" + dashArray + "\"", path));
            final int lx = LEFT + plotW + 15;
            sb.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.8\"%s/>%n",
                lx, legendY, lx + 30, legendY, colour,
                dashArray.isEmpty() ? "" : " stroke-dasharray=\"" + dashArray + "\""));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n",
                lx + 36, legendY + 4, escape(system + " @ " + rateLabel(rate))));
            legendY += 18;
        }
        sb.append("</svg>\n");
        final Path parent = svg.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(svg, sb.toString(), StandardCharsets.UTF_8);
    }

    private static double yOf(final double valueUs, final double yMin, final double yMax, final int plotH)
    {
        final double f = (Math.log10(valueUs) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
        return TOP + plotH * (1 - f);
    }

    private static String percentileLabel(final int decades)
    {
        switch (decades)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            case 2:
                return "99%";
            default:
                return "99." + "9".repeat(decades - 2) + "%";
        }
    }

    private static String microsLabel(final double us)
    {
        if (us >= 1_000_000)
        {
            return String.format(Locale.ROOT, "%.0f s", us / 1_000_000);
        }
        if (us >= 1000)
        {
            return String.format(Locale.ROOT, "%.0f ms", us / 1000);
        }
        return us >= 1 ? String.format(Locale.ROOT, "%.0f us", us) : String.format(Locale.ROOT, "%.1f us", us);
    }

    private static String rateLabel(final String rate)
    {
        try
        {
            final long r = Long.parseLong(rate);
            return r >= 1_000_000 ? (r / 1_000_000) + "M/s" : r >= 1000 ? (r / 1000) + "k/s" : r + "/s";
        }
        catch (final NumberFormatException ex)
        {
            return rate;
        }
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
