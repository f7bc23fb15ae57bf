package io.leasehold.dhcp.config;

import io.leasehold.dhcp.config.internal.JsonTreeReader;
import io.leasehold.dhcp.config.internal.KeaConfigParser;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@code kea-dhcp4.conf} (or configuration text) into a validated {@link KeaConfig}. Kept apart from the
 * configuration model so that the model does not know its parser.
 */
public final class KeaConfigLoader {
    private KeaConfigLoader() {
    }

    /** Loads a configuration file; errors name the file as {@code path} was given. */
    public static KeaConfig load(Path path) throws ConfigException {
        return load(path, Overrides.none());
    }

    /** Loads a configuration file and applies {@code overrides}. */
    public static KeaConfig load(Path path, Overrides overrides) throws ConfigException {
        String source = path.toString();
        String text;
        try {
            if (Files.size(path) > JsonTreeReader.MAX_TEXT_LENGTH) {
                throw new ConfigException(source, 0, 0, "", "file is larger than " + JsonTreeReader.MAX_TEXT_LENGTH
                        + " bytes");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, 0, 0, "", "file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, "", "cannot read file: " + e, e);
        }
        return parse(text, source, overrides);
    }

    /** Parses configuration text; {@code sourceName} labels errors (e.g. a file name or "config-set"). */
    public static KeaConfig parse(String text, String sourceName) throws ConfigException {
        return parse(text, sourceName, Overrides.none());
    }

    /** Parses configuration text and applies {@code overrides}. */
    public static KeaConfig parse(String text, String sourceName, Overrides overrides) throws ConfigException {
        return KeaConfigParser.parse(text, sourceName, overrides);
    }
}
