package io.automove.model;

/** PENDING: sent, waiting for the client (the only unfinished status). */
public enum RequestStatus {
    PENDING, SUBMITTED, CANCELLED;

    public boolean unfinished() { return this == PENDING; }
}
