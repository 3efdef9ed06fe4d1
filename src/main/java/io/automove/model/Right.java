package io.automove.model;

public enum Right { VIEW_ALL_ACCOUNTS }
