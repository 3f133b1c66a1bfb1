package dev.cinnabar.acl;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.KeyFlag;
import dev.cinnabar.keyspace.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One set of permissions (Redis's aclSelector): the commands allowed (a bit per command id, plus first-argument
 * exceptions), the key patterns with their read/write permissions, and the channel patterns. A user has a root
 * selector and any number of extra ones, and may run a command when any selector allows it. Rule text is held as
 * Latin-1 strings, so every byte of a pattern survives.
 */
final class Selector {
    static final int ALLKEYS = 1, ALLCHANNELS = 2, ALLCOMMANDS = 4, ROOT = 8;
    static final int READ = 1, WRITE = 2, READ_WRITE = READ | WRITE;

    /** Denials, numbered as Redis numbers them: a higher one is the more relevant to report. */
    static final int OK = 0, DENIED_CMD = 1, DENIED_KEY = 2, DENIED_AUTH = 3, DENIED_CHANNEL = 4;

    private static final class KeyPattern {
        final String pattern;
        final byte[] bytes;
        int permissions;

        KeyPattern(String pattern, int permissions) {
            this.pattern = pattern;
            this.bytes = pattern.getBytes(StandardCharsets.ISO_8859_1);
            this.permissions = permissions;
        }

        String rule() {
            return (permissions == READ_WRITE ? "~" : permissions == READ ? "%R~" : "%W~") + pattern;
        }
    }

    private final CommandIndex commands;
    int flags;
    private long[] allowed;
    /** The reserved bit that only +@all sets: the selector also allows commands added later. */
    private boolean future;
    /** For a command whose bit is clear: the first arguments it may still run with (deprecated Redis feature). */
    private Map<Integer, List<String>> firstArgs;
    private final List<KeyPattern> patterns = new ArrayList<>();
    private final List<String> channels = new ArrayList<>();
    private final List<byte[]> channelBytes = new ArrayList<>();
    /** The command and category rules in the order given, to describe the selector as it was written. */
    private final List<String> commandRules = new ArrayList<>();

    Selector(CommandIndex commands, int flags) {
        this.commands = commands;
        this.flags = flags;
        this.allowed = new long[(commands.size() + 63) / 64];
    }

    Selector copy() {
        Selector s = new Selector(commands, flags);
        s.allowed = allowed.clone();
        s.future = future;
        if (firstArgs != null) {
            s.firstArgs = new HashMap<>();
            firstArgs.forEach((id, args) -> s.firstArgs.put(id, new ArrayList<>(args)));
        }
        for (KeyPattern p : patterns) s.patterns.add(new KeyPattern(p.pattern, p.permissions));
        s.channels.addAll(channels);
        s.channelBytes.addAll(channelBytes);
        s.commandRules.addAll(commandRules);
        return s;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** True when the selector allows every command, key and channel: the check can be skipped. */
    boolean unrestricted() {
        return (flags & (ALLKEYS | ALLCHANNELS | ALLCOMMANDS)) == (ALLKEYS | ALLCHANNELS | ALLCOMMANDS);
    }

    List<String> channelPatterns() {
        return channels;
    }

    // ---- rules ----------------------------------------------------------------------------------------------------

    /** Redis's ACLSetSelector: applies one rule. */
    void apply(String op) throws RuleError {
        if (op.equalsIgnoreCase("allkeys") || op.equalsIgnoreCase("~*")) {
            flags |= ALLKEYS;
            patterns.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            flags &= ~ALLKEYS;
            patterns.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equalsIgnoreCase("&*")) {
            flags |= ALLCHANNELS;
            channels.clear();
            channelBytes.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            flags &= ~ALLCHANNELS;
            channels.clear();
            channelBytes.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            Arrays.fill(allowed, -1L);
            future = true;
            flags |= ALLCOMMANDS;
            commandRules.clear();
            firstArgs = null;
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            Arrays.fill(allowed, 0L);
            future = false;
            flags &= ~ALLCOMMANDS;
            commandRules.clear();
            firstArgs = null;
        } else if (op.startsWith("~") || op.startsWith("%")) {
            addKeyPattern(op);
        } else if (op.startsWith("&")) {
            if (has(ALLCHANNELS)) throw new RuleError(RuleError.Kind.PATTERN_AFTER_ALLCHANNELS);
            String pattern = op.substring(1);
            if (hasSpaces(pattern)) throw new RuleError(RuleError.Kind.SYNTAX);
            if (!channels.contains(pattern)) {
                channels.add(pattern);
                channelBytes.add(pattern.getBytes(StandardCharsets.ISO_8859_1));
            }
            flags &= ~ALLCHANNELS;
        } else if (op.startsWith("+") && !op.startsWith("+@")) {
            allowCommand(op.substring(1));
        } else if (op.startsWith("-") && !op.startsWith("-@")) {
            CommandSpec cmd = commands.lookup(op.substring(1));
            if (cmd == null) throw new RuleError(RuleError.Kind.UNKNOWN_COMMAND);
            changePermission(cmd, false);
            updateCommandRules(cmd.fullName(), false);
        } else if (op.startsWith("+@") || op.startsWith("-@")) {
            long category = Categories.bit(op.substring(2));
            if (category == 0) throw new RuleError(RuleError.Kind.UNKNOWN_COMMAND);
            boolean allow = op.charAt(0) == '+';
            updateCommandRules(op.substring(1), allow);
            for (CommandSpec cmd : commands.all()) {
                if ((commands.categories(cmd) & category) != 0) changePermission(cmd, allow);
            }
        } else {
            throw new RuleError(RuleError.Kind.SYNTAX);
        }
    }

    private void addKeyPattern(String op) throws RuleError {
        if (has(ALLKEYS)) throw new RuleError(RuleError.Kind.PATTERN_AFTER_ALLKEYS);
        int permissions = 0;
        int offset = 1;
        if (op.charAt(0) == '%') {
            for (; offset < op.length(); offset++) {
                char c = Character.toUpperCase(op.charAt(offset));
                if (c == 'R' && (permissions & READ) == 0) {
                    permissions |= READ;
                } else if (c == 'W' && (permissions & WRITE) == 0) {
                    permissions |= WRITE;
                } else if (op.charAt(offset) == '~') {
                    offset++;
                    break;
                } else {
                    throw new RuleError(RuleError.Kind.SYNTAX);
                }
            }
            if (permissions == 0) throw new RuleError(RuleError.Kind.SYNTAX);
        } else {
            permissions = READ_WRITE;
        }
        String pattern = op.substring(offset);
        if (hasSpaces(pattern)) throw new RuleError(RuleError.Kind.SYNTAX);
        KeyPattern existing = null;
        for (KeyPattern p : patterns) if (p.pattern.equals(pattern)) existing = p;
        if (existing == null) patterns.add(new KeyPattern(pattern, permissions));
        else existing.permissions |= permissions;
        flags &= ~ALLKEYS;
    }

    /** "+cmd", "+container|sub", or "+cmd|firstarg" for a command without subcommands. */
    private void allowCommand(String name) throws RuleError {
        int bar = name.lastIndexOf('|');
        if (bar < 0) {
            CommandSpec cmd = commands.lookup(name);
            if (cmd == null) throw new RuleError(RuleError.Kind.UNKNOWN_COMMAND);
            changePermission(cmd, true);
            updateCommandRules(cmd.fullName(), true);
            return;
        }
        CommandSpec cmd = commands.lookup(name.substring(0, bar));
        if (cmd == null) throw new RuleError(RuleError.Kind.UNKNOWN_COMMAND);
        if (cmd.parent() != null) throw new RuleError(RuleError.Kind.FIRST_ARG_OF_SUBCOMMAND);
        String sub = name.substring(bar + 1);
        if (sub.isEmpty()) throw new RuleError(RuleError.Kind.SYNTAX);
        if (cmd.isContainer()) {
            CommandSpec subcommand = commands.lookup(name);
            if (subcommand == null) throw new RuleError(RuleError.Kind.UNKNOWN_COMMAND);
            changePermission(subcommand, true);
        } else {
            addFirstArg(cmd.id(), sub);
        }
        updateCommandRules(name, true);
    }

    private void addFirstArg(int id, String arg) {
        if (firstArgs == null) firstArgs = new HashMap<>();
        List<String> args = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
        for (String a : args) if (a.equalsIgnoreCase(arg)) return;
        args.add(arg);
    }

    /** Redis's ACLChangeSelectorPerm: a container's rule covers its subcommands too. */
    private void changePermission(CommandSpec cmd, boolean allow) {
        setBit(cmd.id(), allow);
        if (firstArgs != null) firstArgs.remove(cmd.id());
        for (CommandSpec sub : cmd.subcommands().values()) setBit(sub.id(), allow);
    }

    private void setBit(int id, boolean allow) {
        if (allow) {
            allowed[id >>> 6] |= 1L << id;
        } else {
            allowed[id >>> 6] &= ~(1L << id);
            flags &= ~ALLCOMMANDS;
        }
    }

    private boolean bit(int id) {
        return (allowed[id >>> 6] & (1L << id)) != 0;
    }

    /**
     * Redis's ACLUpdateCommandRules: a new rule replaces an earlier one for the same command (and the rules for
     * its subcommands when it names a whole command), then goes last.
     */
    private void updateCommandRules(String rule, boolean allow) {
        String lower = rule.toLowerCase(Locale.ROOT);
        commandRules.removeIf(r -> {
            String body = r.substring(1);
            return body.equals(lower) || (body.startsWith(lower) && body.length() > lower.length()
                    && body.charAt(lower.length()) == '|');
        });
        commandRules.add((allow ? "+" : "-") + lower);
    }

    // ---- descriptions ---------------------------------------------------------------------------------------------

    /** The command rules as ACL GETUSER "commands" shows them: "+@all" or "-@all", then the rules given since. */
    String describeCommands() {
        StringBuilder sb = new StringBuilder(future ? "+@all" : "-@all");
        for (String r : commandRules) sb.append(' ').append(r);
        return sb.toString();
    }

    /** ACL GETUSER "keys": "~*", or the patterns as rules separated by spaces. */
    String describeKeys() {
        if (has(ALLKEYS)) return "~*";
        StringBuilder sb = new StringBuilder();
        for (KeyPattern p : patterns) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(p.rule());
        }
        return sb.toString();
    }

    /** ACL GETUSER "channels": "&*", or the patterns as rules separated by spaces. */
    String describeChannels() {
        if (has(ALLCHANNELS)) return "&*";
        StringBuilder sb = new StringBuilder();
        for (String c : channels) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append('&').append(c);
        }
        return sb.toString();
    }

    /** Redis's ACLDescribeSelector: keys, channels, then commands, as rules ACL SETUSER accepts. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        if (has(ALLKEYS)) sb.append("~* ");
        else for (KeyPattern p : patterns) sb.append(p.rule()).append(' ');
        if (has(ALLCHANNELS)) {
            sb.append("&* ");
        } else {
            sb.append("resetchannels ");
            for (String c : channels) sb.append('&').append(c).append(' ');
        }
        return sb.append(describeCommands()).toString();
    }

    // ---- checks ---------------------------------------------------------------------------------------------------

    /**
     * Redis's ACLSelectorCheckCmd: OK, or the denial, with the position of the refused key or channel left in
     * {@code check.position}.
     */
    int check(CommandSpec cmd, byte[][] argv, int argc, PermissionCheck check) {
        int id = cmd.id();
        if (!has(ALLCOMMANDS) && !cmd.has(CommandFlag.NO_AUTH) && !bit(id) && !firstArgAllowed(cmd, argv, argc)) {
            return DENIED_CMD;
        }
        if (!has(ALLKEYS) && check.hasKeys(cmd)) {
            int n = check.keys(cmd, argv, argc);
            for (int j = 0; j < n; j++) {
                int pos = check.keyPosition(j);
                if (!keyAllowed(argv[pos], check.keyFlags(j))) {
                    check.position = pos;
                    return DENIED_KEY;
                }
            }
        }
        if (!has(ALLCHANNELS)) {
            CommandIndex.Channels kind = commands.channels(cmd);
            if (kind != CommandIndex.Channels.NONE) {
                int last = kind == CommandIndex.Channels.PUBLISH ? Math.min(1, argc - 1) : argc - 1;
                for (int pos = 1; pos <= last; pos++) {
                    if (!channelAllowed(argv[pos], kind == CommandIndex.Channels.PSUBSCRIBE)) {
                        check.position = pos;
                        return DENIED_CHANNEL;
                    }
                }
            }
        }
        return OK;
    }

    private boolean firstArgAllowed(CommandSpec cmd, byte[][] argv, int argc) {
        if (argc < 2 || firstArgs == null) return false;
        List<String> args = firstArgs.get(cmd.id());
        if (args == null) return false;
        String first = new String(argv[cmd.parent() != null ? 2 : 1], StandardCharsets.ISO_8859_1);
        for (String a : args) if (a.equalsIgnoreCase(first)) return true;
        return false;
    }

    /** Redis's ACLSelectorCheckKey: a pattern with every permission the key's use needs must match it. */
    boolean keyAllowed(byte[] key, int keySpecFlags) {
        if (has(ALLKEYS)) return true;
        int needed = needed(keySpecFlags);
        for (KeyPattern p : patterns) {
            if ((p.permissions & needed) != needed) continue;
            if (Glob.matches(p.bytes, key, false)) return true;
        }
        return false;
    }

    /** Redis's ACLSelectorHasUnrestrictedKeyAccess: "~*" (or allkeys) with the permissions the flags need. */
    boolean allKeysAllowed(int keySpecFlags) {
        if (has(ALLKEYS)) return true;
        int needed = needed(keySpecFlags);
        for (KeyPattern p : patterns) {
            if ((p.permissions & needed) == needed && p.pattern.equals("*")) return true;
        }
        return false;
    }

    private static int needed(int keySpecFlags) {
        int needed = 0;
        if ((keySpecFlags & KeyFlag.ACCESS.bit) != 0) needed |= READ;
        if ((keySpecFlags & (KeyFlag.INSERT.bit | KeyFlag.DELETE.bit | KeyFlag.UPDATE.bit)) != 0) needed |= WRITE;
        return needed;
    }

    /**
     * Redis's ACLCheckChannelAgainstList: a channel name may match a pattern; a PSUBSCRIBE pattern must equal one
     * literally.
     */
    boolean channelAllowed(byte[] channel, boolean isPattern) {
        if (has(ALLCHANNELS)) return true;
        return channelListAllows(channels, channelBytes, channel, isPattern);
    }

    static boolean channelListAllows(List<String> patterns, List<byte[]> bytes, byte[] channel, boolean isPattern) {
        for (int i = 0; i < patterns.size(); i++) {
            byte[] p = bytes.get(i);
            if (isPattern ? Arrays.equals(p, channel) : Glob.matches(p, channel, false)) return true;
        }
        return false;
    }

    List<byte[]> channelPatternBytes() {
        return channelBytes;
    }

    /** Redis's ACLStringHasSpaces: a space, a control space or a NUL. */
    static boolean hasSpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0) return true;
        }
        return false;
    }
}
