package io.automove.domain;

public enum ItemKind { QUESTION, FILE_UPLOAD }
