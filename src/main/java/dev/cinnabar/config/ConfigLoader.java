package dev.cinnabar.config;

import dev.cinnabar.protocol.ArgSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads redis.conf syntax and redis-server style command lines: {@code [config-file] [--name value ...]}. Like
 * Redis, the command-line options are turned into extra config lines appended after the file's, and any unknown
 * directive or bad value stops start-up with the line that caused it.
 */
public final class ConfigLoader {
    private final ServerConfig config;

    public ConfigLoader(ServerConfig config) {
        this.config = config;
    }

    /** A fatal configuration problem, reported with Redis's "FATAL CONFIG FILE ERROR" layout. */
    public static final class FatalConfigError extends Exception {
        public FatalConfigError(String message) {
            super(message);
        }
    }

    /** Applies a command line: an optional config file path (or "-" for stdin) then --name value... options. */
    public void loadArguments(String[] args, String stdinText) throws FatalConfigError, IOException {
        StringBuilder text = new StringBuilder();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            if (args[0].equals("-")) {
                text.append(stdinText == null ? "" : stdinText);
            } else {
                Path file = Path.of(args[0]);
                if (!Files.isReadable(file)) {
                    throw new FatalConfigError("Fatal error, can't open config file '" + file.toAbsolutePath() + "': No such file or directory");
                }
                text.append(Files.readString(file, StandardCharsets.UTF_8));
                config.setConfigFile(file.toAbsolutePath().toString());
            }
            text.append('\n');
            i = 1;
        }
        StringBuilder options = new StringBuilder();
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.length() > 2) {
                if (!options.isEmpty()) options.append('\n');
                options.append(a.substring(2)).append(' ');
            } else {
                options.append(quote(a)).append(' ');
            }
        }
        text.append(options);
        loadText(text.toString());
    }

    /** Applies config text line by line. */
    public void loadText(String text) throws FatalConfigError {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<byte[]> raw = ArgSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            if (raw == null) throw fatal(n + 1, line, "Unbalanced quotes in configuration line");
            if (raw.isEmpty()) continue;
            List<String> words = new ArrayList<>();
            for (byte[] w : raw) words.add(new String(w, StandardCharsets.UTF_8));
            String name = words.get(0);
            List<String> values = words.subList(1, words.size());
            ConfigParam param = config.find(name);
            if (param == null || !param.acceptsWordCount(values.size())) {
                throw fatal(n + 1, line, "Bad directive or wrong number of arguments");
            }
            try {
                config.set(param, values);
            } catch (ConfigException e) {
                throw fatal(n + 1, line, e.getMessage());
            }
        }
    }

    private static FatalConfigError fatal(int lineNumber, String line, String reason) {
        return new FatalConfigError("\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\n"
                + "Reading the configuration file, at line " + lineNumber + "\n"
                + ">>> '" + line + "'\n" + reason);
    }

    /** Quotes an argument so that the config line splitter reads it back unchanged. */
    private static String quote(String arg) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : arg.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
