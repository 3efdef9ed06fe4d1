package io.automove.model;

public record Firm(String firmId, String name, String ownerId) {
    public Firm {
        Check.id(firmId, "firmId");
        name = Check.text(name, "name", 200);
        Check.id(ownerId, "ownerId");
    }
}
