package org.rapportcrm.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

class ModuleFoldersTest {
    @TempDir
    Path bundle;

    private final ModuleFolders folders = new ModuleFolders();
    private Function<String, URL> entries;

    @BeforeEach
    void aBundleWithAConsoleFolder() throws IOException {
        Files.createDirectories(bundle.resolve("loyalty/console/vendor"));
        Files.writeString(bundle.resolve("loyalty/console/points-panel.js"), "export const points = 1;");
        Files.writeString(bundle.resolve("loyalty/console/vendor/lib.js"), "export default 2;");
        Files.writeString(bundle.resolve("secret.properties"), "password=x");
        entries = name -> {
            Path file = bundle.resolve(name);
            try {
                return Files.isRegularFile(file) ? file.toUri().toURL() : null;
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void servesTheFilesOfARegisteredFolderUnderItsName() {
        assertTrue(folders.add(folder("loyalty", "loyalty/console"), entries));

        StaticResource module = folders.find("loyalty/points-panel.js").orElseThrow();
        assertEquals("text/javascript;charset=utf-8", module.contentType);
        assertArrayEquals("export const points = 1;".getBytes(StandardCharsets.UTF_8), module.bytes);
        assertTrue(folders.find("loyalty/vendor/lib.js").isPresent(), "sub-folders are served too");
    }

    @Test
    void servesNothingOutsideTheFolder() {
        folders.add(folder("loyalty", "loyalty/console"), entries);

        assertTrue(folders.find("loyalty/../../secret.properties").isEmpty());
        assertTrue(folders.find("loyalty/missing.js").isEmpty());
        assertTrue(folders.find("loyalty/").isEmpty());
        assertTrue(folders.find("loyalty").isEmpty());
        assertTrue(folders.find("sales/points-panel.js").isEmpty(), "an unknown name");
    }

    @Test
    void aFolderIsServedOnlyWhileItIsRegistered() {
        ConsoleModuleFolder loyalty = folder("loyalty", "loyalty/console");
        folders.add(loyalty, entries);
        folders.remove(loyalty);

        assertTrue(folders.find("loyalty/points-panel.js").isEmpty());
    }

    @Test
    void theFirstFolderKeepsItsNameUntilItGoes() {
        ConsoleModuleFolder first = folder("loyalty", "loyalty/console");
        ConsoleModuleFolder second = folder("loyalty", "loyalty/console/vendor");
        assertTrue(folders.add(first, entries));
        assertFalse(folders.add(second, entries));

        folders.remove(second);
        assertTrue(folders.find("loyalty/points-panel.js").isPresent(), "removing the refused one changes nothing");
    }

    @Test
    void refusesMalformedNamesAndFolders() {
        assertFalse(folders.add(folder("Loyalty", "loyalty/console"), entries));
        assertFalse(folders.add(folder("loy/alty", "loyalty/console"), entries));
        assertFalse(folders.add(folder("loyalty", "/loyalty/console"), entries));
        assertFalse(folders.add(folder("loyalty", "loyalty/console/"), entries));
        assertFalse(folders.add(folder("loyalty", "../loyalty"), entries));
        assertTrue(folders.find("loyalty/points-panel.js").isEmpty());
    }

    @Test
    void theUrlOfAFileNamesTheFolder() {
        assertEquals("/app/ext/loyalty/points-panel.js", folder("loyalty", "loyalty/console").url("points-panel.js"));
    }

    private static ConsoleModuleFolder folder(String name, String path) {
        return new ConsoleModuleFolder() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String folder() {
                return path;
            }
        };
    }
}
