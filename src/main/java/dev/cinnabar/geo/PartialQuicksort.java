package dev.cinnabar.geo;

import java.util.Comparator;

/**
 * The partial sort Redis uses when COUNT keeps fewer results than were found: Bentley and McIlroy's quicksort
 * (insertion sort below 7 elements, median of three or ninther pivot, three-way partition that first gathers
 * elements equal to the pivot at both ends), recursing only into parts that hold positions up to the last one
 * wanted. Reproducing the algorithm step by step matters: it decides the order of results at equal distances.
 */
final class PartialQuicksort {
    private PartialQuicksort() {}

    /** Sorts a so that positions 0..last hold what a full sort would put there. */
    static <T> void sort(T[] a, Comparator<? super T> cmp, int last) {
        sort(a, 0, a.length, cmp, last);
    }

    private static <T> void sort(T[] a, int from, int n, Comparator<? super T> cmp, int last) {
        while (true) {
            if (n < 7) {
                for (int m = from + 1; m < from + n; m++) {
                    for (int l = m; l > from && cmp.compare(a[l - 1], a[l]) > 0; l--) swap(a, l, l - 1);
                }
                return;
            }
            int m = from + n / 2;
            if (n > 7) {
                int l = from, h = from + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    l = median3(a, l, l + d, l + 2 * d, cmp);
                    m = median3(a, m - d, m, m + d, cmp);
                    h = median3(a, h - 2 * d, h - d, h, cmp);
                }
                m = median3(a, l, m, h, cmp);
            }
            swap(a, from, m);
            int pa = from + 1, pb = from + 1, pc = from + n - 1, pd = from + n - 1;
            while (true) {
                int c;
                while (pb <= pc && (c = cmp.compare(a[pb], a[from])) <= 0) {
                    if (c == 0) swap(a, pa++, pb);
                    pb++;
                }
                while (pb <= pc && (c = cmp.compare(a[pc], a[from])) >= 0) {
                    if (c == 0) swap(a, pc, pd--);
                    pc--;
                }
                if (pb > pc) break;
                swap(a, pb++, pc--);
            }
            int end = from + n;
            int r = Math.min(pa - from, pb - pa);
            swapRuns(a, from, pb - r, r);
            r = Math.min(pd - pc, end - pd - 1);
            swapRuns(a, pb, end - r, r);
            // the elements below the pivot, then those above it; equal ones are in place between them
            if ((r = pb - pa) > 1 && last >= from) sort(a, from, r, cmp, last);
            if ((r = pd - pc) > 1) {
                from = end - r;
                n = r;
                if (last >= from) continue;
            }
            return;
        }
    }

    private static <T> int median3(T[] a, int i, int j, int k, Comparator<? super T> cmp) {
        return cmp.compare(a[i], a[j]) < 0
                ? (cmp.compare(a[j], a[k]) < 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? k : i))
                : (cmp.compare(a[j], a[k]) > 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? i : k));
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void swapRuns(T[] a, int i, int j, int n) {
        for (int k = 0; k < n; k++) swap(a, i + k, j + k);
    }
}
