package io.automove.usecases.ports;

/** How a store reads: EVENTUAL is half the price; CONSISTENT where a decision must see every earlier write. */
public enum Read { EVENTUAL, CONSISTENT }
