package io.automators.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and spread of a few repetitions. */
record Stats(double median, double min, double max, int n) {

    static Stats of(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.removeIf(d -> d == null || d.isNaN());
        if (v.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Collections.sort(v);
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        return new Stats(median, v.get(0), v.get(n - 1), n);
    }

    /** "570 (540–610)" with the given scale and digits. */
    String show(double scale, int digits) {
        if (n == 0) {
            return "–";
        }
        String f = "%." + digits + "f";
        if (n == 1) {
            return String.format(f, median * scale);
        }
        return String.format(f + " (" + f + "–" + f + ")", median * scale, min * scale, max * scale);
    }
}
