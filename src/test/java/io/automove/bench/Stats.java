package io.automove.bench;

import java.util.Arrays;
import java.util.Collection;

/** Medians and percentiles (nearest rank) of measured values. */
final class Stats {
    private Stats() {}

    static double[] sorted(Collection<? extends Number> values) {
        double[] a = values.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static double median(Collection<? extends Number> values) {
        double[] a = sorted(values);
        if (a.length == 0) return Double.NaN;
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double percentile(Collection<? extends Number> values, double p) { return percentile(sorted(values), p); }

    static double mean(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).average().orElse(Double.NaN);
    }

    static double min(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).min().orElse(Double.NaN);
    }

    static double max(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).max().orElse(Double.NaN);
    }
}
