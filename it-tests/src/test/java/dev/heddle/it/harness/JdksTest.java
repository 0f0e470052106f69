package dev.heddle.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the JDKs that the scenarios run on. */
class JdksTest {

    @Test
    void readsTheMajorVersionFromAReleaseFile() {
        assertThat(Jdks.parseMajor("IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"17.0.15\"\n")).contains(17);
        assertThat(Jdks.parseMajor("JAVA_VERSION=\"25\"")).contains(25);
        assertThat(Jdks.parseMajor("JAVA_VERSION=\"21.0.2+13\"")).contains(21);
        assertThat(Jdks.parseMajor("JAVA_VERSION=\"1.8.0_402\"")).contains(8);
        assertThat(Jdks.parseMajor("JAVA_RUNTIME_VERSION=\"17.0.15+6\"")).isEmpty();
    }

    @Test
    void theCurrentJdkComesFirstAndEachMajorVersionOnce() {
        List<Jdk> jdks = Jdks.all();

        if (System.getProperty(Jdks.OVERRIDE_PROPERTY, "").isBlank()) {
            assertThat(jdks.get(0)).isEqualTo(Jdks.current());
            assertThat(jdks).extracting(Jdk::major).doesNotHaveDuplicates();
        }
        assertThat(jdks).allSatisfy(jdk -> assertThat(jdk.javaExecutable()).isExecutable());
    }

    @Test
    void findsJdksWithAReleaseFileAndAJavaLauncher(@TempDir Path folder) throws IOException {
        fakeJdk(folder.resolve("jdk-21"), "21.0.4");
        fakeJdk(folder.resolve("jdk-25"), "25.0.1");
        Files.createDirectories(folder.resolve("not-a-jdk"));

        assertThat(Jdks.installedUnder(folder)).containsExactly(
                new Jdk(folder.resolve("jdk-21"), 21), new Jdk(folder.resolve("jdk-25"), 25));
    }

    @Test
    void namesTheJdkInTheDisplayName() {
        assertThat(new Jdk(Path.of("/usr/lib/jvm/temurin-25"), 25))
                .hasToString("JDK 25 (/usr/lib/jvm/temurin-25)");
    }

    private static void fakeJdk(Path home, String version) throws IOException {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    }
}
