package io.automators.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Latency by percentile, one panel per open-loop scenario, one line per arm (the median over the
 * repetitions at each percentile). X: percentile on a "nines" scale; Y: latency, log scale.
 */
final class LatencyPlot {

    /** One panel: a title and, per arm, latency in µs at each of {@link Campaign#PERCENTILES}. */
    record Panel(String title, Map<String, double[]> arms) {}

    static final Map<String, Color> COLORS = Map.of("A0", new Color(0x55, 0x55, 0x55), "A1", new Color(0x1f, 0x77, 0xb4),
            "A2", new Color(0xd6, 0x27, 0x28), "A3", new Color(0x2c, 0xa0, 0x2c));

    private LatencyPlot() {}

    static void draw(List<Panel> panels, Path file) throws IOException {
        int cols = Math.min(3, Math.max(2, panels.size()));
        int rows = (panels.size() + cols - 1) / cols;
        int pw = 520;
        int ph = 380;
        BufferedImage img = new BufferedImage(cols * pw, rows * ph + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Open-loop latency by percentile (median of repetitions)", 16, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("A0 stub (floor) · A1 Spring MVC + RestClient (framework floor) · A2 the runtime · A3 with tracing/analytics sinks",
                16, 36);
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(g, panels.get(i), (i % cols) * pw, 50 + (i / cols) * ph, pw, ph);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static double nines(double p) {
        return p >= 100 ? 4.6 : Math.log10(100.0 / (100.0 - p));
    }

    private static void drawPanel(Graphics2D g, Panel panel, int x0, int y0, int w, int h) {
        int left = x0 + 70;
        int right = x0 + w - 20;
        int top = y0 + 30;
        int bottom = y0 + h - 50;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double[] v : panel.arms().values()) {
            for (double d : v) {
                if (d > 0) {
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                }
            }
        }
        if (max == 0) {
            return;
        }
        double lmin = Math.floor(Math.log10(min));
        double lmax = Math.ceil(Math.log10(max));
        if (lmax <= lmin) {
            lmax = lmin + 1;
        }
        double xmax = nines(100);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), left, y0 + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // grid: decades and their 2x, 5x
        for (double d = lmin; d <= lmax; d++) {
            for (int m : new int[] {1, 2, 5}) {
                double val = Math.pow(10, d) * m;
                double l = Math.log10(val);
                if (l > lmax) {
                    break;
                }
                int y = (int) (bottom - (l - lmin) / (lmax - lmin) * (bottom - top));
                g.setColor(m == 1 ? new Color(0xcc, 0xcc, 0xcc) : new Color(0xee, 0xee, 0xee));
                g.drawLine(left, y, right, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(label(val), x0 + 8, y + 4);
            }
        }
        String[] names = {"50", "90", "99", "99.9", "99.99", "max"};
        double[] ps = {50, 90, 99, 99.9, 99.99, 100};
        for (int i = 0; i < ps.length; i++) {
            int x = (int) (left + nines(ps[i]) / xmax * (right - left));
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names[i], x - 10, bottom + 16);
        }
        g.drawString("percentile", (left + right) / 2 - 25, bottom + 32);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        int legend = 0;
        for (Map.Entry<String, double[]> e : panel.arms().entrySet()) {
            Color c = COLORS.getOrDefault(e.getKey(), Color.MAGENTA);
            g.setColor(c);
            g.setStroke(new BasicStroke(2.2f));
            int px = -1;
            int py = -1;
            double[] v = e.getValue();
            for (int i = 0; i < Campaign.PERCENTILES.length && i < v.length; i++) {
                if (v[i] <= 0) {
                    continue;
                }
                int x = (int) (left + nines(Campaign.PERCENTILES[i]) / xmax * (right - left));
                int y = (int) (bottom - (Math.log10(v[i]) - lmin) / (lmax - lmin) * (bottom - top));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 3, y - 3, 6, 6);
                px = x;
                py = y;
            }
            g.setStroke(new BasicStroke(1f));
            g.fillRect(left + 10, top + 10 + legend * 16, 14, 4);
            g.drawString(e.getKey() + "  p50 " + label(v[0]), left + 30, top + 16 + legend * 16);
            legend++;
        }
    }

    private static String label(double us) {
        if (us >= 1000) {
            double ms = us / 1000;
            return (ms >= 10 ? String.format("%.0f", ms) : String.format("%.1f", ms)) + " ms";
        }
        return String.format("%.0f µs", us);
    }
}
