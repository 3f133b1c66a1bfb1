package dev.cinnabar.admin;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.server.Server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * LOLWUT [VERSION v] [args]: Redis's computer art. Version 5 draws Georg Nees's "Schotter" in Braille characters,
 * version 6 a city skyline in terminal colours; any other version (this server's own, 7) only names the version.
 * The drawings are random like Redis's, except the top two rows of squares of Schotter.
 */
final class Lolwut {
    private Lolwut() {}

    static void command(CommandContext ctx) {
        String version = Server.REDIS_VERSION;
        int first = 1;
        if (ctx.argc() >= 3 && ctx.argIs(1, "version")) {
            long v = Numbers.parseLong(ctx.arg(2));
            version = Integer.toUnsignedString((int) v) + ".0.0";
            first = 3;
        }
        boolean five = version.charAt(1) == '.' && (version.charAt(0) == '5' && version.charAt(2) != '9'
                || version.charAt(0) == '4' && version.charAt(2) == '9');
        boolean six = version.charAt(1) == '.' && (version.charAt(0) == '6' && version.charAt(2) != '9'
                || version.charAt(0) == '5' && version.charAt(2) == '9');
        String text;
        if (five) text = schotter(ctx, first);
        else if (six) text = skyline(ctx, first);
        else text = "Redis ver. " + Server.REDIS_VERSION + "\n";
        ctx.reply().verbatim(text);
    }

    /** The optional numeric argument at {@code i}, clamped as Redis does. */
    private static long arg(CommandContext ctx, int i, long absent, long max) {
        if (ctx.argc() <= i) return absent;
        return Math.max(1, Math.min(max, Numbers.parseLong(ctx.arg(i))));
    }

    // ---- version 5 --------------------------------------------------------------------------------------------

    private static String schotter(CommandContext ctx, int first) {
        int cols = (int) arg(ctx, first, 66, 1000);
        int perRow = (int) arg(ctx, first + 1, 8, 200);
        int perCol = (int) arg(ctx, first + 2, 12, 200);
        Canvas canvas = drawSchotter(cols, perRow, perCol);
        return braille(canvas) + "\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. " + Server.REDIS_VERSION
                + "\n";
    }

    /** C's rand() / RAND_MAX as a float. */
    private static float unit(ThreadLocalRandom random) {
        return (float) random.nextInt(Integer.MAX_VALUE) / (float) Integer.MAX_VALUE;
    }

    static Canvas drawSchotter(int consoleCols, int perRow, int perCol) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int width = consoleCols * 2;
        int padding = width > 4 ? 2 : 0;
        float side = (float) (width - padding * 2) / perRow;
        int height = (int) (side * perCol + padding * 2);
        Canvas canvas = new Canvas(width, height, 0);
        for (int y = 0; y < perCol; y++) {
            for (int x = 0; x < perRow; x++) {
                int sx = (int) (x * side + side / 2 + padding);
                int sy = (int) (y * side + side / 2 + padding);
                float angle = 0;
                if (y > 1) { // the lower the row, the more disorder
                    float r1 = unit(random) / perCol * y;
                    float r2 = unit(random) / perCol * y;
                    float r3 = unit(random) / perCol * y;
                    if (random.nextBoolean()) r1 = -r1;
                    if (random.nextBoolean()) r2 = -r2;
                    if (random.nextBoolean()) r3 = -r3;
                    angle = r1;
                    sx += r2 * side / 3; // in float, truncated once, as C does
                    sy += r3 * side / 3;
                }
                canvas.square(sx, sy, side, angle);
            }
        }
        return canvas;
    }

    /** Each 2x4 block of pixels as one Braille character (U+2800 plus the dot bits). */
    static String braille(Canvas canvas) {
        StringBuilder text = new StringBuilder();
        for (int y = 0; y < canvas.height; y += 4) {
            for (int x = 0; x < canvas.width; x += 2) {
                int bits = 0;
                if (canvas.get(x, y) != 0) bits |= 1;
                if (canvas.get(x, y + 1) != 0) bits |= 1 << 1;
                if (canvas.get(x, y + 2) != 0) bits |= 1 << 2;
                if (canvas.get(x + 1, y) != 0) bits |= 1 << 3;
                if (canvas.get(x + 1, y + 1) != 0) bits |= 1 << 4;
                if (canvas.get(x + 1, y + 2) != 0) bits |= 1 << 5;
                if (canvas.get(x, y + 3) != 0) bits |= 1 << 6;
                if (canvas.get(x + 1, y + 3) != 0) bits |= 1 << 7;
                text.append((char) (0x2800 + bits));
            }
            if (y != canvas.height - 1) text.append('\n');
        }
        return text.toString();
    }

    // ---- version 6 --------------------------------------------------------------------------------------------

    private static String skyline(CommandContext ctx, int first) {
        int cols = (int) arg(ctx, first, 80, 1000);
        int rows = (int) arg(ctx, first + 1, 20, 1000);
        Canvas canvas = new Canvas(cols, rows, 3);
        drawSkyline(canvas, ThreadLocalRandom.current());
        StringBuilder text = new StringBuilder();
        for (int y = 0; y < canvas.height; y++) {
            for (int x = 0; x < canvas.width; x++) {
                String escape = switch (canvas.get(x, y)) {
                    case 1 -> "0;90;100m";  // gray 1
                    case 2 -> "0;37;47m";   // gray 2
                    case 3 -> "0;97;107m";  // white
                    default -> "0;30;40m";  // black
                };
                text.append("\033[").append(escape).append(" \033[0m");
            }
            if (y != canvas.height - 1) text.append('\n');
        }
        return text + "\nDedicated to the 8 bit game developers of past and present.\n"
                + "Original 8 bit image from Plaguemon by hikikomori. Redis ver. " + Server.REDIS_VERSION + "\n";
    }

    private static void drawSkyline(Canvas canvas, ThreadLocalRandom random) {
        // background skyscrapers without windows, the lighter ones behind
        for (int color = 2; color >= 1; color--) {
            for (int offset = -10; offset < canvas.width; ) {
                offset += random.nextInt(8);
                int width = 10 + random.nextInt(9);
                int height = color == 2 ? canvas.height / 2 + random.nextInt(Integer.MAX_VALUE) % canvas.height / 2
                        : canvas.height / 2 + random.nextInt(Integer.MAX_VALUE) % canvas.height / 3;
                skyscraper(canvas, random, offset, width, height, false, color);
                offset += color == 2 ? width / 2 : width + 1;
            }
        }
        for (int offset = -10; offset < canvas.width; ) {
            offset += random.nextInt(8);
            int width = 5 + random.nextInt(14);
            if (width % 4 != 0) width += width % 3;
            int height = canvas.height / 3 + random.nextInt(Integer.MAX_VALUE) % canvas.height / 2;
            skyscraper(canvas, random, offset, width, height, true, 0);
            offset += width + 5;
        }
    }

    private static void skyscraper(Canvas canvas, ThreadLocalRandom random, int xoff, int width, int height,
                                   boolean windows, int baseColor) {
        int startY = canvas.height - 1;
        int endY = startY - height + 1;
        for (int y = startY; y >= endY; y--) {
            for (int x = xoff; x < xoff + width; x++) {
                if (y == endY && (x <= xoff + 1 || x >= xoff + width - 2)) continue; // the narrower roof
                int color = baseColor;
                if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endY + 1 && y < startY - 1) {
                    int relX = x - (xoff + 1), relY = y - (endY + 1);
                    if (relX / 2 % 2 != 0 && relY % 2 != 0) {
                        do {
                            color = 1 + random.nextInt(2);
                        } while (color == baseColor);
                        if (relX % 2 != 0) color = canvas.get(x - 1, y); // a window is two pixels wide
                    }
                }
                canvas.set(x, y, color);
            }
        }
    }

    /** A grid of pixel colours; drawing outside it does nothing, reading outside it gives 0. */
    static final class Canvas {
        final int width, height;
        private final byte[] pixels;

        Canvas(int width, int height, int background) {
            this.width = width;
            this.height = height;
            this.pixels = new byte[width * height];
            java.util.Arrays.fill(pixels, (byte) background);
        }

        void set(int x, int y, int color) {
            if (x >= 0 && x < width && y >= 0 && y < height) pixels[x + y * width] = (byte) color;
        }

        int get(int x, int y) {
            return x < 0 || x >= width || y < 0 || y >= height ? 0 : pixels[x + y * width];
        }

        /** Bresenham's line. */
        void line(int x1, int y1, int x2, int y2) {
            int dx = Math.abs(x2 - x1), dy = Math.abs(y2 - y1);
            int sx = x1 < x2 ? 1 : -1, sy = y1 < y2 ? 1 : -1;
            int err = dx - dy;
            while (true) {
                set(x1, y1, 1);
                if (x1 == x2 && y1 == y2) break;
                int e2 = err * 2;
                if (e2 > -dy) {
                    err -= dy;
                    x1 += sx;
                }
                if (e2 < dx) {
                    err += dx;
                    y1 += sy;
                }
            }
        }

        /** A square centred on (x, y) with the given side, rotated by angle, in Redis's float arithmetic. */
        void square(int x, int y, float size, float angle) {
            size = (float) (size / 1.4142135623); // the side of the square inscribed in a circle of radius 1
            size = (float) Canvas.roundHalfAway(size);
            int[] px = new int[4], py = new int[4];
            float k = (float) (Math.PI / 4 + angle);
            for (int j = 0; j < 4; j++) {
                px[j] = (int) roundHalfAway(Math.sin(k) * size + x);
                py[j] = (int) roundHalfAway(Math.cos(k) * size + y);
                k = (float) (k + Math.PI / 2);
            }
            for (int j = 0; j < 4; j++) line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4]);
        }

        /** C's round(): halves away from zero. */
        private static double roundHalfAway(double v) {
            return Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
        }
    }
}
