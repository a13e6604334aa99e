package org.rapportcrm.itests.testcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes a test-only capability to disk: bundles packed from this package's classes, and a features repository named
 * {@code rapport-testcap-<version>} (a Rapport repository by name, as a capability's own repository would be) whose
 * {@code file:} URLs work in the offline distribution.
 */
public final class TestCapability {
    public static final String NAME = "rapport-testcap";
    public static final String BROKEN = "rapport-testbroken";
    public static final String SYMBOLIC_NAME = "org.rapportcrm.itests.testcap";
    public static final String BROKEN_SYMBOLIC_NAME = "org.rapportcrm.itests.testbroken";

    private TestCapability() {
    }

    /** A repository named {@code rapport-testcap-<version>} with {@code rapport-testcap} at that version. */
    public static URI repository(Path dir, String version) throws IOException {
        return write(dir, "rapport-testcap-" + version, NAME, version, "Test-only capability",
                bundle(dir.resolve("testcap-" + version + ".jar"), SYMBOLIC_NAME, version, TestCapActivator.class,
                        TestCapActivator.class, TestCapActivator.TestCapResource.class, TestCapActivator.TestCapPage.class,
                        TestCapActivator.TestCapTypes.class));
    }

    /** A repository with {@code rapport-testbroken}, whose bundle throws on start. */
    public static URI brokenRepository(Path dir) throws IOException {
        return write(dir, "rapport-testbroken-1.0.0", BROKEN, "1.0.0", "Test-only capability that fails to start",
                bundle(dir.resolve("testbroken-1.0.0.jar"), BROKEN_SYMBOLIC_NAME, "1.0.0", BrokenActivator.class, BrokenActivator.class));
    }

    private static URI write(Path dir, String repository, String feature, String version, String description, Path bundle) throws IOException {
        Path file = dir.resolve(repository + "-features.xml");
        Files.writeString(file, "<features xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\" name=\"" + repository + "\">\n"
                + "  <feature name=\"" + feature + "\" version=\"" + version + "\" description=\"" + description + "\">\n"
                + "    <bundle>" + bundle.toUri() + "</bundle>\n"
                + "  </feature>\n</features>\n");
        return file.toUri();
    }

    private static Path bundle(Path jar, String symbolicName, String version, Class<?> activator, Class<?>... classes) throws IOException {
        if (Files.exists(jar)) {
            return jar; // written already: never rewrite a jar an installed bundle may come from
        }
        Files.createDirectories(jar.getParent());
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Activator", activator.getName());
        a.putValue("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.rapportcrm.platform.api.rest;version=\"[1.0,2)\","
                + "org.rapportcrm.platform.api.console;version=\"[1.0,2)\",org.rapportcrm.platform.api.metadata;version=\"[1.0,2)\"");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                j.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(j);
                }
                j.closeEntry();
            }
        }
        return jar;
    }
}
