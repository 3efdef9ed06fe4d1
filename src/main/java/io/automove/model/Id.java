package io.automove.model;

/** What an id may look like: 1 to 128 of [A-Za-z0-9_-.|:@]. Anything else names nothing that exists. */
public final class Id {
    private Id() {}

    public static boolean valid(String id) { return Check.isId(id); }

    public static boolean valid(String... ids) {
        for (String id : ids) if (!Check.isId(id)) return false;
        return true;
    }
}
