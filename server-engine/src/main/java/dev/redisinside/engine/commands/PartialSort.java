package dev.redisinside.engine.commands;

import java.util.Comparator;

/**
 * Redis's pqsort (pqsort.c): a quicksort (Bentley–McIlroy, as in BSD qsort) that only recurses into
 * partitions overlapping the wanted index range. It is not stable, so GEOSEARCH ... COUNT n returns
 * equally distant points in the order Redis returns them only if it sorts exactly this way.
 */
final class PartialSort {

    private PartialSort() {
    }

    /** Sorts enough of the array that positions {@code lrange..rrange} (inclusive) hold their final elements. */
    static <T> void sort(T[] x, Comparator<? super T> cmp, int lrange, int rrange) {
        sort(x, 0, x.length, cmp, lrange, rrange);
    }

    private static <T> void sort(T[] x, int a, int n, Comparator<? super T> cmp, int lrange, int rrange) {
        while (true) {
            if (n < 7) {
                for (int pm = a + 1; pm < a + n; pm++) {
                    for (int pl = pm; pl > a && cmp.compare(x[pl - 1], x[pl]) > 0; pl--) {
                        swap(x, pl, pl - 1);
                    }
                }
                return;
            }
            int pm = a + n / 2;
            if (n > 7) {
                int pl = a;
                int pn = a + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(x, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(x, pm - d, pm, pm + d, cmp);
                    pn = med3(x, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(x, pl, pm, pn, cmp);
            }
            swap(x, a, pm);
            int pa = a + 1;
            int pb = a + 1;
            int pc = a + n - 1;
            int pd = a + n - 1;
            while (true) {
                int c;
                while (pb <= pc && (c = cmp.compare(x[pb], x[a])) <= 0) {
                    if (c == 0) {
                        swap(x, pa++, pb);
                    }
                    pb++;
                }
                while (pb <= pc && (c = cmp.compare(x[pc], x[a])) >= 0) {
                    if (c == 0) {
                        swap(x, pc, pd--);
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(x, pb++, pc--);
            }
            int pn = a + n;
            int r = Math.min(pa - a, pb - pa);
            vecswap(x, a, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(x, pb, pn - r, r);
            if ((r = pb - pa) > 1 && overlaps(a, a + r - 1, lrange, rrange)) {
                sort(x, a, r, cmp, lrange, rrange);
            }
            if ((r = pd - pc) > 1) {
                a = pn - r;
                n = r;
                if (overlaps(a, a + r - 1, lrange, rrange)) {
                    continue;
                }
            }
            return;
        }
    }

    private static boolean overlaps(int start, int end, int lrange, int rrange) {
        return !((lrange < start && rrange < start) || (lrange > end && rrange > end));
    }

    private static <T> int med3(T[] x, int a, int b, int c, Comparator<? super T> cmp) {
        return cmp.compare(x[a], x[b]) < 0
                ? (cmp.compare(x[b], x[c]) < 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? c : a))
                : (cmp.compare(x[b], x[c]) > 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? a : c));
    }

    private static <T> void swap(T[] x, int i, int j) {
        T t = x[i];
        x[i] = x[j];
        x[j] = t;
    }

    private static <T> void vecswap(T[] x, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(x, i + k, j + k);
        }
    }
}
