package io.conduit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.common.secrets.SecretKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code rotate-key DIR}: a new key for the secrets in the ODB. The new key goes first in
 * {@code DIR/secrets.key}, beside the old one; a node seals every secret again with it (the nodes
 * read the file again when they meet its id); then the old key leaves the file.
 */
final class RotateKeyCommand {

    private final PrintStream out;
    private final PrintStream err;

    RotateKeyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(ClusterDir cluster) {
        Path file = cluster.path().resolve(ClusterCreator.SECRETS_KEY);
        SecretKeys old;
        try {
            old = SecretKeys.read(file);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage());
        }
        String key = SecretKeys.newKey();
        String newId = SecretKeys.parse(key, "the new key").current().id();
        write(file, key + "\n" + keysOf(file));

        AdminClient admin = new AdminClient(cluster.nodeUrl(), cluster.admin());
        AdminClient.Answer answer = admin.post("/conduit/admin/secrets/reseal", new byte[0], "application/json");
        JsonNode json = DeployCommand.parse(answer.body());
        if (answer.status() != 200 || !newId.equals(json.path("key").asText())) {
            err.println("conduit: the secrets were not sealed again: " + json.path("error").asText(answer.body()));
            err.println("  " + file + " holds the new key and the old one, so every node can still open every"
                    + " secret; run the command again once the cluster answers");
            return 1;
        }
        write(file, key + "\n");
        out.println("Rotated the secrets key: " + old.current().id() + " -> " + newId + "; "
                + json.path("resealed").asInt() + " secrets sealed again; " + file + " holds the new key only");
        return 0;
    }

    private static String keysOf(Path file) {
        try {
            StringBuilder keys = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    keys.append(line.strip()).append('\n');
                }
            }
            return keys.toString();
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Replaces the key file at once (mode 0600), so a node never reads half of it. */
    private static void write(Path file, String text) {
        try {
            Path temp = Files.createTempFile(file.getParent(), ".secrets", ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
