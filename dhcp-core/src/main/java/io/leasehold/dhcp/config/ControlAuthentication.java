package io.leasehold.dhcp.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code authentication} of an HTTP control socket: HTTP basic authentication against a list of clients. Files
 * named by {@code user-file} and {@code password-file} (relative to {@code directory}) are read when the
 * configuration is loaded, so a missing file is a configuration error rather than a locked-out socket.
 *
 * @param type      {@code type}; only {@code basic}
 * @param realm     {@code realm} sent in {@code WWW-Authenticate} (default empty, as Kea 3.0)
 * @param directory {@code directory} relative file names are resolved against (default: the working directory)
 * @param clients   {@code clients}, with their files already read
 */
public record ControlAuthentication(String type, String realm, String directory, List<Client> clients) {
    public ControlAuthentication {
        clients = List.copyOf(clients);
    }

    /** User to password, for the HTTP listener. */
    public Map<String, String> credentials() {
        Map<String, String> m = new LinkedHashMap<>();
        clients.forEach(c -> m.put(c.user(), c.password()));
        return m;
    }

    /**
     * One allowed client.
     *
     * @param user        the user id ({@code user}, or read from {@code user-file} or a {@code password-file} holding
     *                    {@code user:password})
     * @param password    the password (may be empty)
     * @param userContext {@code user-context}
     * @param userFile    {@code user-file} as written (null when the user was given inline)
     * @param passwordFile {@code password-file} as written (null when the password was given inline); config-get
     *                    and config-write show the file names, never what was read from them
     * @param userInPasswordFile whether the user was read from the password file ({@code user:password})
     */
    public record Client(String user, String password, Map<String, Object> userContext, String userFile,
                         String passwordFile, boolean userInPasswordFile) {
        public Client {
            userContext = ModelMaps.copy(userContext);
        }

        /** A client whose user and password were given inline. */
        public Client(String user, String password, Map<String, Object> userContext) {
            this(user, password, userContext, null, null, false);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Client[user=" + user + ", password=***]";
        }
    }
}
