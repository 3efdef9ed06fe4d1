package io.automove.model;

/** Which email of a request a delivery is: the request itself, a reminder, a resend by a person, or a reopen. */
public enum EmailKind { REQUEST, REMINDER, RESEND, REOPENED }
