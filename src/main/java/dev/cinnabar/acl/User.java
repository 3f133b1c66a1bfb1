package dev.cinnabar.acl;

import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.protocol.ArgSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ACL user: enabled or not, its password hashes (or nopass), and its selectors, the root one first. Clients
 * logged in as a user keep a reference to it, so changes apply to them at once; {@link #unrestricted()} is the
 * one test the command path makes for a user that may do everything.
 */
public final class User {
    static final int ENABLED = 1, DISABLED = 2, NOPASS = 4, SKIP_SANITIZE_PAYLOAD = 8, SANITIZE_PAYLOAD = 16;
    /** The flag names in the order Redis shows them. */
    private static final String[] FLAG_NAMES = {"on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload"};
    private static final int[] FLAG_BITS = {ENABLED, DISABLED, NOPASS, SKIP_SANITIZE_PAYLOAD, SANITIZE_PAYLOAD};

    private final String name;
    private final CommandIndex commands;
    private final boolean pubsubAllChannels;
    int flags = DISABLED | SANITIZE_PAYLOAD;
    private final List<String> passwords = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    private boolean unrestricted;
    private String description;

    User(String name, CommandIndex commands, boolean pubsubAllChannels) {
        this.name = name;
        this.commands = commands;
        this.pubsubAllChannels = pubsubAllChannels;
        selectors.add(newSelector(Selector.ROOT));
    }

    private Selector newSelector(int flags) {
        return new Selector(commands, flags | (pubsubAllChannels ? Selector.ALLCHANNELS : 0));
    }

    /** The user name (Latin-1: one char per byte of the name as given). */
    public String name() {
        return name;
    }

    public byte[] nameBytes() {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** True when the user may run every command on every key and channel: no check is needed. */
    public boolean unrestricted() {
        return unrestricted;
    }

    public boolean enabled() {
        return (flags & DISABLED) == 0;
    }

    public boolean nopass() {
        return (flags & NOPASS) != 0;
    }

    List<String> passwords() {
        return passwords;
    }

    List<Selector> selectors() {
        return selectors;
    }

    Selector root() {
        return selectors.get(0);
    }

    List<String> flagNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FLAG_BITS.length; i++) if ((flags & FLAG_BITS[i]) != 0) out.add(FLAG_NAMES[i]);
        return out;
    }

    /** Makes this user's rules a copy of another's (the name stays). */
    void copyFrom(User src) {
        flags = src.flags;
        passwords.clear();
        passwords.addAll(src.passwords);
        selectors.clear();
        for (Selector s : src.selectors) selectors.add(s.copy());
        changed();
    }

    User copy(String newName) {
        User u = new User(newName, commands, pubsubAllChannels);
        u.copyFrom(this);
        return u;
    }

    private void changed() {
        description = null;
        unrestricted = selectors.size() == 1 && root().unrestricted();
    }

    // ---- rules ----------------------------------------------------------------------------------------------------

    /** Redis's ACLSetUser: applies one rule (an empty one does nothing). */
    void apply(String op) throws RuleError {
        try {
            applyRule(op);
        } finally {
            changed();
        }
    }

    private void applyRule(String op) throws RuleError {
        if (op.isEmpty()) return;
        if (op.equalsIgnoreCase("on")) {
            flags = (flags | ENABLED) & ~DISABLED;
        } else if (op.equalsIgnoreCase("off")) {
            flags = (flags | DISABLED) & ~ENABLED;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            flags = (flags | SKIP_SANITIZE_PAYLOAD) & ~SANITIZE_PAYLOAD;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            flags = (flags | SANITIZE_PAYLOAD) & ~SKIP_SANITIZE_PAYLOAD;
        } else if (op.equalsIgnoreCase("nopass")) {
            flags |= NOPASS;
            passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            flags &= ~NOPASS;
            passwords.clear();
        } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
            String hash = passwordHash(op);
            if (!passwords.contains(hash)) passwords.add(hash);
            flags &= ~NOPASS;
        } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
            if (!passwords.remove(passwordHash(op))) throw new RuleError(RuleError.Kind.NO_SUCH_PASSWORD);
        } else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
            selectors.add(selectorFrom(op.substring(1, op.length() - 1)));
        } else if (op.equalsIgnoreCase("clearselectors")) {
            selectors.subList(1, selectors.size()).clear();
        } else if (op.equalsIgnoreCase("reset")) {
            applyRule("resetpass");
            applyRule("resetkeys");
            applyRule("resetchannels");
            if (pubsubAllChannels) applyRule("allchannels");
            applyRule("off");
            applyRule("sanitize-payload");
            applyRule("clearselectors");
            applyRule("-@all");
        } else {
            root().apply(op);
        }
    }

    /** ">pw" and "<pw" name a password, "#hash" and "!hash" its hash. */
    private static String passwordHash(String op) throws RuleError {
        String rest = op.substring(1);
        if (op.charAt(0) == '>' || op.charAt(0) == '<') return Passwords.hash(rest.getBytes(StandardCharsets.ISO_8859_1));
        if (!Passwords.validHash(rest)) throw new RuleError(RuleError.Kind.BAD_HASH);
        return rest;
    }

    private Selector selectorFrom(String rules) throws RuleError {
        Selector s = newSelector(0);
        List<byte[]> ops = ArgSplitter.split(rules.getBytes(StandardCharsets.ISO_8859_1));
        if (ops != null) for (byte[] op : ops) s.apply(new String(op, StandardCharsets.ISO_8859_1));
        return s;
    }

    /** Redis's ACLDescribeUser: flags, password hashes and selectors, as rules ACL SETUSER accepts. */
    String describe() {
        if (description != null) return description;
        StringBuilder sb = new StringBuilder();
        for (String f : flagNames()) sb.append(f).append(' ');
        for (String p : passwords) sb.append('#').append(p).append(' ');
        sb.append(root().describe());
        for (int i = 1; i < selectors.size(); i++) sb.append(" (").append(selectors.get(i).describe()).append(')');
        return description = sb.toString();
    }

    // ---- checks ---------------------------------------------------------------------------------------------------

    /** Whether the password is one of the user's (any password is, for a nopass user). */
    boolean passwordMatches(byte[] password) {
        if (nopass()) return true;
        String hash = Passwords.hash(password);
        boolean match = false;
        for (String p : passwords) match |= Passwords.sameHash(hash, p);
        return match;
    }

    /**
     * Redis's ACLCheckAllUserCommandPerm: OK when some selector allows the command; otherwise the most relevant
     * denial (a channel, else a key, else the command), its argument position left in {@code check.position}.
     */
    int check(CommandSpec cmd, byte[][] argv, int argc, PermissionCheck check) {
        check.reset();
        int relevant = Selector.DENIED_CMD, lastPosition = 0;
        for (Selector s : selectors) {
            check.position = 0;
            int result = s.check(cmd, argv, argc, check);
            if (result == Selector.OK) return Selector.OK;
            if (result > relevant || (result == relevant && check.position > lastPosition)) {
                relevant = result;
                lastPosition = check.position;
            }
        }
        check.position = lastPosition;
        return relevant;
    }

    boolean allChannels() {
        for (Selector s : selectors) if (s.has(Selector.ALLCHANNELS)) return true;
        return false;
    }
}
