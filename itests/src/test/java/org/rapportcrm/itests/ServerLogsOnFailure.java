package org.rapportcrm.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test or its set-up fails, its message says what the servers started for it logged as warnings and errors: CI
 * keeps only the build's output (test output goes to report files), and a failure that happens once in many runs must
 * say on its first appearance what the server saw. Registered for every test class through {@code META-INF/services}
 * (auto-detection is on in junit-platform.properties).
 */
public final class ServerLogsOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final int LINES = 40;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withServerLogs(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withServerLogs(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withServerLogs(failure);
    }

    private static Throwable withServerLogs(Throwable failure) {
        StringBuilder logs = new StringBuilder();
        for (Path home : RapportServer.started()) {
            Path log = home.resolve("data/log/karaf.log");
            if (!Files.isReadable(log)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                List<String> problems = lines.filter(l -> l.contains("| WARN ") || l.contains("| ERROR")).toList();
                logs.append(String.format("%nThe last %d warnings and errors of %s:", Math.min(LINES, problems.size()), log));
                problems.subList(Math.max(0, problems.size() - LINES), problems.size())
                        .forEach(l -> logs.append("\n  ").append(l.length() > 400 ? l.substring(0, 400) + "..." : l));
            } catch (IOException | java.io.UncheckedIOException e) {
                logs.append("\nCould not read ").append(log).append(": ").append(e);
            }
        }
        if (logs.isEmpty()) {
            return failure;
        }
        AssertionError withLogs = new AssertionError(failure.getMessage() + logs, failure);
        withLogs.setStackTrace(failure.getStackTrace());
        return withLogs;
    }
}
