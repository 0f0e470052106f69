package dev.heddle.weave;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Classes Heddle never examines: the JDK, Heddle itself, and libraries that never call an LLM
 * directly. Skipping them by name costs a few string comparisons and keeps start-up fast.
 */
final class IgnoredTypes {

    private static final String[] PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf.",
        "dev.heddle.agent.", "dev.heddle.bootstrap.", "dev.heddle.api.", "dev.heddle.annotations.",
        "dev.heddle.shaded.", "dev.heddle.inst.", "dev.heddle.weave.", "dev.heddle.pipeline.", "dev.heddle.cache.",
        "dev.heddle.config.",
        "net.bytebuddy.", "org.objectweb.asm.", "kotlin.", "scala.", "groovy.", "org.codehaus.groovy.",
        "org.slf4j.", "ch.qos.logback.", "org.apache.logging.", "org.apache.log4j.",
        "com.fasterxml.jackson.", "com.google.common.", "com.google.protobuf.", "io.netty.",
        "org.junit.", "org.opentest4j.", "org.apache.maven.", "org.gradle.", "org.assertj.",
    };

    private IgnoredTypes() {
    }

    static ElementMatcher.Junction<TypeDescription> matcher() {
        ElementMatcher.Junction<TypeDescription> ignored = nameStartsWith(PREFIXES[0]);
        for (int i = 1; i < PREFIXES.length; i++) {
            ignored = ignored.or(nameStartsWith(PREFIXES[i]));
        }
        // names first: they need no class file; isSynthetic() parses one, so it comes last
        return ignored.or(nameContains("$$Lambda")).or(nameContains("$ByteBuddy$")).or(isSynthetic());
    }

    /** @return true for the bootstrap loader and Heddle's own loader */
    static ElementMatcher<ClassLoader> loaders(ClassLoader heddle) {
        return ElementMatchers.<ClassLoader>isBootstrapClassLoader().or(loader -> loader == heddle);
    }
}
