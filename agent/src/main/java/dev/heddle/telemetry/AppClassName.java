package dev.heddle.telemetry;

/**
 * The name of one of the app's own classes from a library that Heddle also carries, relocated
 * (OpenTelemetry, SLF4J), for looking it up by reflection in the app's class loader.
 *
 * <p>The shade plugin that relocates those libraries also rewrites every string constant that
 * starts with a relocated package: {@code "io.opentelemetry.api.trace.Span"} written as one literal
 * would name {@code dev.heddle.shaded.io.opentelemetry.api.trace.Span} in the agent jar, a class the
 * app never has. A name joined at run time from its first package and the rest is no constant, so it
 * survives the relocation. Unit tests run on the unrelocated classes and cannot see the difference;
 * {@code TelemetryWithAgentTest} and {@code TelemetryBesideOpenTelemetryAgentTest} in it-tests run the
 * agent jar.
 */
public final class AppClassName {

    private AppClassName() {
    }

    /**
     * @param firstPackage the first segment of the package, such as {@code "io"}
     * @param rest everything after it, such as {@code "opentelemetry.api.trace.Span"}
     * @return the binary name, such as {@code io.opentelemetry.api.trace.Span}, never relocated
     */
    public static String of(String firstPackage, String rest) {
        return firstPackage + "." + rest;
    }
}
