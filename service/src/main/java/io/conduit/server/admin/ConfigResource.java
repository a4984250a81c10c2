package io.conduit.server.admin;

import io.conduit.common.error.InvalidInputException;
import io.conduit.server.odb.ConfigTable;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * What every configuration resource of the admin API does alike: list, get, create, replace and
 * delete entries by name. A change reaches every node by itself (every write to the ODB bumps the
 * config version, which the cluster applies); a subclass says how an entry is made of what an
 * operator sends, and what may refuse it.
 *
 * @param <T> the entry
 * @param <I> what an operator sends
 */
public abstract class ConfigResource<T, I> {

    private final ConfigTable<T> table;
    private final String shape;

    /**
     * @param table where the entries are
     * @param shape an example of the JSON an operator sends, for the error when none comes
     */
    protected ConfigResource(ConfigTable<T> table, String shape) {
        this.table = table;
        this.shape = shape;
    }

    /**
     * @param input   what the operator sent
     * @param name    the name in the path (the default for one not in the input), null on create
     * @param current the entry being replaced, null on create
     * @return the entry, validated
     * @throws InvalidInputException saying which field is wrong
     */
    protected abstract T entry(I input, String name, T current);

    /** @return what callers see of an entry; the entry itself unless it holds secrets */
    protected Object view(T entry) {
        return entry;
    }

    /** Refuses an entry that refers to something that does not exist. */
    protected void check(T entry) {
    }

    /** Refuses to delete an entry that others use. */
    protected void checkDelete(String name) {
    }

    @GET
    public List<Object> list() {
        return table.list().stream().map(this::view).toList();
    }

    @GET
    @Path("{name}")
    public Object get(@PathParam("name") String name) {
        return view(table.get(name));
    }

    @POST
    public Response create(I input) {
        T entry = entry(require(input), null, null);
        check(entry);
        table.create(entry);
        return Response.status(201).entity(view(entry)).build();
    }

    @PUT
    @Path("{name}")
    public Object update(@PathParam("name") String name, I input) {
        T entry = entry(require(input), name, table.get(name));
        check(entry);
        table.update(name, entry);
        return view(entry);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        checkDelete(name);
        table.delete(name);
        return Response.noContent().build();
    }

    private I require(I input) {
        if (input == null) {
            throw new InvalidInputException("a JSON " + table.what() + " is required: " + shape);
        }
        return input;
    }
}
