package io.automove.model;

public enum ItemKind { QUESTION, FILE_UPLOAD }
