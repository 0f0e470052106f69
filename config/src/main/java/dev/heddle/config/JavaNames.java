package dev.heddle.config;

import java.util.regex.Pattern;

/** What the readers accept as Java names: binary class names such as {@code com.example.Outer$Inner}, and identifiers. */
final class JavaNames {

    /** One identifier, such as a field, getter or method name. */
    static final String IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*";

    /** A binary class name: identifiers separated by dots, {@code $} before a nested class's name. */
    static final Pattern CLASS_NAME = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");

    private JavaNames() {
    }
}
