package io.automove.domain;

public enum Right { VIEW_ALL_ACCOUNTS }
