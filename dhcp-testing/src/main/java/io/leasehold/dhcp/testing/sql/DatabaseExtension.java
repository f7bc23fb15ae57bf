package io.leasehold.dhcp.testing.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a fresh database with Kea 2.2's schema on a throwaway server. One server of each kind is
 * started per test run (the first class that asks) and stopped, with its directory deleted, when the run ends; the
 * kernel kills it if the JVM dies. The class is skipped, with the reason, where no server can run (not Linux, not
 * root, binaries missing). Inject the {@link TestDatabase} as a parameter or read {@link #database()}.
 */
public abstract class DatabaseExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            DatabaseExtension.class);

    private volatile TestDatabase database;
    private volatile DatabaseServer server;

    /** Why the server cannot run here, or null. */
    abstract String unavailable();

    abstract DatabaseServer startServer() throws IOException;

    abstract String kind();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String reason = unavailable();
        Assumptions.assumeTrue(reason == null, () -> kind() + " tests skipped: " + reason);
        ServerResource resource = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(kind(),
                k -> new ServerResource(this), ServerResource.class);
        server = resource.server();
        if (!server.isRunning()) {
            server.start(); // a previous class stopped it and failed before starting it again
        }
        database = server.newDatabase();
    }

    /** The database of the current test class. */
    public TestDatabase database() {
        if (database == null) {
            throw new IllegalStateException("no database: register the extension as a static field");
        }
        return database;
    }

    /** The server the database lives on. */
    public DatabaseServer server() {
        return server;
    }

    /** Another fresh database with Kea's schema on the same server. */
    public TestDatabase newDatabase() throws IOException {
        return server.newDatabase();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return database();
    }

    /** The shared server, closed by JUnit when the run ends. */
    static final class ServerResource implements ExtensionContext.Store.CloseableResource {
        private final DatabaseServer server;

        ServerResource(DatabaseExtension owner) {
            try {
                this.server = owner.startServer();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a throwaway " + owner.kind() + " server: "
                        + e.getMessage(), e);
            }
        }

        DatabaseServer server() {
            return server;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
