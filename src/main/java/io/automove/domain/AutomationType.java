package io.automove.domain;

public enum AutomationType { SEND_CLIENT_REQUEST }
