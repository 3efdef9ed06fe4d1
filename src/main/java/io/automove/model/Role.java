package io.automove.model;

public enum Role { OWNER, ADMIN, EMPLOYEE }
