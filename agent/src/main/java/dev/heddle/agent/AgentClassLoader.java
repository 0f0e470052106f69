package dev.heddle.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads Heddle's implementation and its relocated libraries from {@code dev/heddle/inst/} inside
 * the agent jar. No other class loader looks there, so an app can never load Heddle's Byte Buddy,
 * Caffeine or YAML parser by accident, and Heddle never sees the app's versions of them.
 *
 * <p>In the agent, the parent is the platform class loader: the JDK's modules and, through the
 * bootstrap class path, Heddle's bridge classes are visible; the app's class path is not.
 */
public final class AgentClassLoader extends ClassLoader {

    static final String PREFIX = "dev/heddle/inst/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;

    /**
     * @param jarFile the agent jar
     * @throws IOException when the jar cannot be opened
     */
    public AgentClassLoader(File jarFile) throws IOException {
        this(jarFile, ClassLoader.getPlatformClassLoader());
    }

    /**
     * For {@code java -jar heddle-agent.jar}, where no agent puts the bridge on the bootstrap class
     * path: the parent is then the launcher's loader, which holds the jar and so the bridge, and
     * nothing of an app.
     *
     * @param jarFile the agent jar
     * @param parent the loader that sees the bridge classes and the JDK
     * @throws IOException when the jar cannot be opened
     */
    AgentClassLoader(File jarFile, ClassLoader parent) throws IOException {
        super("heddle", parent);
        this.jar = new JarFile(jarFile, false);
        this.jarUrl = "jar:" + jarFile.toURI() + "!/";
        this.protectionDomain = new ProtectionDomain(
                new CodeSource(jarFile.toURI().toURL(), (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".class");
        if (entry == null) throw new ClassNotFoundException(name);
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) return;
        String packageName = className.substring(0, dot);
        if (getDefinedPackage(packageName) != null) return;
        try {
            definePackage(packageName, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException definedConcurrently) {
            // another thread defined it first, which is what we wanted
        }
    }

    @Override
    protected URL findResource(String name) {
        if (jar.getJarEntry(PREFIX + name) == null) return null;
        try {
            return new URL(jarUrl + PREFIX + name);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
