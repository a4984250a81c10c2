package io.conduit.api;

/**
 * One outgoing SQL connection (PostgreSQL or MariaDB): a pool of database connections on every
 * node. Each statement outside a transaction runs on a connection of its own, in auto-commit.
 *
 * <pre>{@code
 * SqlConnection billing = outgoing().sql("Billing");
 * long id = billing.transaction(tx -> {
 *     tx.update("INSERT INTO orders (ref, total) VALUES (?, ?)", ref, total);
 *     return (Long) tx.queryOne("SELECT id FROM orders WHERE ref = ?", ref).orElseThrow().get("id");
 * });
 * }</pre>
 *
 * <p>When every connection of the pool is busy, a statement waits up to the connection's timeout,
 * then fails with {@link OutgoingException.Reason#TIMEOUT}, the message giving the pool's state.
 */
public interface SqlConnection extends SqlStatements {

    /** @return the connection's name */
    String name();

    /**
     * Runs statements in one transaction on one database connection: committed when {@code work}
     * returns, rolled back when it throws (what it threw is thrown on, unchanged if unchecked).
     *
     * @param work the statements, given a {@link SqlStatements} bound to the transaction
     * @return what {@code work} returns
     */
    <T> T transaction(Transaction<T> work);

    /** Statements run in one transaction. */
    @FunctionalInterface
    interface Transaction<T> {
        /**
         * @param tx the transaction's statements; do not keep them after this returns
         * @return anything, handed back by {@link #transaction}
         * @throws Exception to roll the transaction back
         */
        T run(SqlStatements tx) throws Exception;
    }
}
