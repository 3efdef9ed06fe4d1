package io.automove.domain;

public enum Role { OWNER, ADMIN, EMPLOYEE }
