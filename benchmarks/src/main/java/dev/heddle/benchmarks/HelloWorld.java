package dev.heddle.benchmarks;

/** The app whose start-up {@link StartupMeasurement} times: it prints one line and exits. */
public final class HelloWorld {

    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
