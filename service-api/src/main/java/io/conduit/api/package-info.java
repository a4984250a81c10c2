/**
 * The API that Conduit services are written against.
 *
 * <p>A service is a class that extends {@link io.conduit.api.Service} and implements
 * {@link io.conduit.api.Service#handle()}. It reads the request, calls outside systems only through
 * named outgoing connections ({@link io.conduit.api.Outgoing}), keeps runtime settings in the
 * key/value database ({@link io.conduit.api.Kvdb}) and sets the response:
 *
 * <pre>{@code
 * package tutorial;
 *
 * public class Hello extends Service {
 *     @Override
 *     public void handle() {
 *         String name = request().payload().path("name").asText("world");
 *         logger().info("Saying hello to {}", name);
 *         response().setPayload(Map.of("greeting", "Hello, " + name));
 *     }
 * }
 * }</pre>
 *
 * <p>This package depends only on Jackson (for parsed JSON) and SLF4J (for the logger); it imports
 * nothing of the server, so a service compiles against this jar alone.
 */
package io.conduit.api;
