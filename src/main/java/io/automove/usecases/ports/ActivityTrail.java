package io.automove.usecases.ports;

import io.automove.model.Activity;

/**
 * The activity trail: entries kept in the firm's trail, and in the trail of each job and request they name.
 * Recording an entry again (its event delivered again) changes nothing: an entry is keyed by when its change
 * was stored and by its event's id.
 */
public interface ActivityTrail {
    void record(Activity entry);

    /** A job's entries, oldest first: its story in order. */
    Page<Activity> ofJob(String firmId, String jobId, PageRequest page);

    /** A client request's entries, oldest first. */
    Page<Activity> ofRequest(String firmId, String requestId, PageRequest page);

    /** The firm's entries, newest first. */
    Page<Activity> ofFirm(String firmId, PageRequest page);
}
