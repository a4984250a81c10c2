/** The contract between the server and {@link io.conduit.api.Service}; services do not use it. */
package io.conduit.api.spi;
