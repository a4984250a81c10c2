package io.conduit.server.admin;

import io.conduit.server.secrets.SecretBox;
import io.conduit.common.secrets.SecretKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.function.IntSupplier;
import java.util.List;

/**
 * {@code /conduit/admin/secrets}: which keys seal the secrets in the ODB (their ids, never the
 * keys), and the ODB's half of a key rotation, which {@code bin/conduit rotate-key} drives.
 */
@Path("/admin/secrets")
@Produces(MediaType.APPLICATION_JSON)
public final class SecretsResource {

    /**
     * @param key      the id of the key that seals
     * @param keys     the ids of the keys this node can open with
     * @param resealed how many secrets were sealed again with the current key
     */
    public record KeysView(String key, List<String> keys, int resealed) {
    }

    private final SecretBox secrets;
    private final IntSupplier resealAll;

    /** @param resealAll seals again every secret in the ODB not sealed with the current key, saying how many */
    public SecretsResource(SecretBox secrets, IntSupplier resealAll) {
        this.secrets = secrets;
        this.resealAll = resealAll;
    }

    @GET
    public KeysView keys() {
        SecretKeys keys = secrets.keys();
        return new KeysView(keys.current().id(), keys.ids(), 0);
    }

    /** Reads the key file again and seals every secret not sealed with its first key. */
    @POST
    @Path("/reseal")
    public KeysView reseal() {
        SecretKeys keys = secrets.reload();
        int resealed = resealAll.getAsInt();
        return new KeysView(keys.current().id(), keys.ids(), resealed);
    }
}
