package io.automove.model;

import java.util.regex.Pattern;

/** Someone at the client who receives client requests. Their email is personal data: never log it. */
public record Contact(String name, String email) {
    // Deliberately loose: SES is the judge of deliverability; this only rejects what cannot be an address.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"<>,;]{1,64}@[^@\\s\"<>,;]{1,255}\\.[^@\\s\"<>,;.]{1,63}$");

    public Contact {
        name = Check.text(name, "contacts[].name", 200);
        if (email == null || !EMAIL.matcher(email).matches() || email.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("INVALID_EMAIL", "contacts[].email is not a valid email address");
        }
    }

    @Override public String toString() { return "Contact[redacted]"; }
}
