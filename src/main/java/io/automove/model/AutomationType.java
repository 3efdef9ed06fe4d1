package io.automove.model;

public enum AutomationType { SEND_CLIENT_REQUEST }
