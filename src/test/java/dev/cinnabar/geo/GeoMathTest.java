package dev.cinnabar.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/** The numeric pieces of geo: correctly rounded trigonometry, geohash arithmetic, the partial sort. */
class GeoMathTest {
    private static final MathContext MC = new MathContext(60);

    /** sin by its Taylor series in 60-digit decimal arithmetic, then rounded to the nearest double. */
    private static double referenceSin(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, MC);
        BigDecimal term = bx, sum = bx;
        for (int n = 1; n < 60; n++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf(-(2L * n) * (2L * n + 1)), MC);
            sum = sum.add(term, MC);
        }
        return sum.doubleValue();
    }

    private static double referenceCos(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, MC);
        BigDecimal term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int n = 1; n < 60; n++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf(-(2L * n - 1) * (2L * n)), MC);
            sum = sum.add(term, MC);
        }
        return sum.doubleValue();
    }

    @Test
    void sinAndCosAreCorrectlyRounded() {
        Random random = new Random(17);
        for (int i = 0; i < 3000; i++) {
            double x = switch (i % 3) {
                case 0 -> (random.nextDouble() * 2 - 1) * Math.PI;
                case 1 -> (random.nextDouble() * 2 - 1) * 1e-3;
                default -> (random.nextDouble() * 2 - 1) * 1.5;
            };
            assertEquals(referenceSin(x), GeoMath.sin(x), "sin " + x);
            assertEquals(referenceCos(x), GeoMath.cos(x), "cos " + x);
        }
    }

    @Test
    void asinIsTheInverseOfTheCorrectlyRoundedSine() {
        Random random = new Random(19);
        for (int i = 0; i < 6000; i++) {
            // half of them small, as searches of a few kilometres give (a series serves below 2^-7)
            double x = i % 2 == 0 ? random.nextDouble() : random.nextDouble() * Math.scalb(1.0, -7 - random.nextInt(20));
            double y = GeoMath.asin(x);
            // the true asin lies within half an ulp of y: sin(y - ulp/2) <= x <= sin(y + ulp/2)
            double half = Math.ulp(y) / 2;
            BigDecimal lo = sinExact(new BigDecimal(y).subtract(new BigDecimal(half)));
            BigDecimal hi = sinExact(new BigDecimal(y).add(new BigDecimal(half)));
            BigDecimal bx = new BigDecimal(x);
            assertTrue(lo.compareTo(bx) <= 0 && bx.compareTo(hi) <= 0, "asin " + x + " = " + y);
        }
        assertEquals(0.0, GeoMath.asin(0));
        assertEquals(Math.PI / 2, GeoMath.asin(1));
    }

    private static BigDecimal sinExact(BigDecimal x) {
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal term = x, sum = x;
        for (int n = 1; n < 60; n++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf(-(2L * n) * (2L * n + 1)), MC);
            sum = sum.add(term, MC);
        }
        return sum;
    }

    @Test
    void geohashScoresDecodeToTheCenterOfTheirBox() {
        long score = GeoCommands.score(13.361389, 38.115556);
        assertEquals(3479099956230698L, score); // Palermo's score in Redis
        double[] xy = GeoHash.decodeScore(score);
        assertEquals(13.361389338970184, xy[0]);
        assertEquals(38.115556395496299, xy[1]);
        // neighbours wrap around the date line
        GeoHash.Bits hash = GeoHash.encode(179.99, 0, 3);
        assertEquals(GeoHash.encode(-179.99, 0, 3), GeoHash.neighbour(hash, 1, 0));
    }

    @Test
    void partialSortPutsTheSmallestFirstInOrder() {
        Random random = new Random(23);
        for (int trial = 0; trial < 500; trial++) {
            Integer[] a = new Integer[1 + random.nextInt(200)];
            for (int i = 0; i < a.length; i++) a[i] = random.nextInt(50);
            int last = random.nextInt(a.length);
            Integer[] sorted = a.clone();
            Arrays.sort(sorted);
            PartialQuicksort.sort(a, Comparator.naturalOrder(), last);
            assertEquals(Arrays.asList(sorted).subList(0, last + 1), Arrays.asList(a).subList(0, last + 1));
        }
    }
}
