package dev.redisinside.engine.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * An ACL user: flags, password hashes and selectors (the root one first). Clients hold a reference to
 * their user; rule changes are applied to the same object, so they take effect on the next command.
 */
public final class AclUser {

    static final int ENABLED = 1;
    static final int DISABLED = 1 << 1;
    static final int NOPASS = 1 << 2;
    static final int SKIP_SANITIZE_PAYLOAD = 1 << 3;
    static final int SANITIZE_PAYLOAD = 1 << 4;

    /** The flags in the order ACL LIST and GETUSER show them. */
    static final int[] FLAG_ORDER = {ENABLED, DISABLED, NOPASS, SKIP_SANITIZE_PAYLOAD, SANITIZE_PAYLOAD};
    static final String[] FLAG_NAMES = {"on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload"};

    private final String name;
    int flags = DISABLED;
    /** SHA-256 hex digests of the passwords. */
    List<String> passwords = new ArrayList<>();
    List<AclSelector> selectors = new ArrayList<>();
    /**
     * Whether the root selector allows every command, key and channel: the dispatcher's check is then this
     * one field (the default user's common case).
     */
    private boolean unrestricted;

    AclUser(String name, int pubsubDefault) {
        this.name = name;
        selectors.add(new AclSelector(AclSelector.ROOT | pubsubDefault));
    }

    public String name() {
        return name;
    }

    /** Whether every command may run with any key and channel, so no check is needed. */
    public boolean unrestricted() {
        return unrestricted;
    }

    AclSelector root() {
        return selectors.get(0);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Redis's ACLCopyUser: the rules of {@code source}, keeping this user's name. */
    void copyFrom(AclUser source) {
        flags = source.flags;
        passwords = new ArrayList<>(source.passwords);
        List<AclSelector> copies = new ArrayList<>();
        for (AclSelector selector : source.selectors) {
            copies.add(selector.copy());
        }
        selectors = copies;
        refresh();
    }

    /** Recomputes {@link #unrestricted} after a change. */
    void refresh() {
        AclSelector root = root();
        unrestricted = root.has(AclSelector.ALL_COMMANDS) && root.has(AclSelector.ALL_KEYS)
                && root.has(AclSelector.ALL_CHANNELS);
    }

    /** Whether the user may log in (not {@code off}). */
    boolean enabled() {
        return !has(DISABLED);
    }

    /** The superuser of internal clients (Redis's NULL user): allowed everything. */
    static AclUser superuser() {
        AclUser user = new AclUser("(superuser)", AclSelector.ALL_CHANNELS);
        AclSelector root = user.root();
        root.flags |= AclSelector.ALL_COMMANDS | AclSelector.ALL_KEYS;
        user.flags = ENABLED | NOPASS;
        user.refresh();
        return user;
    }
}
