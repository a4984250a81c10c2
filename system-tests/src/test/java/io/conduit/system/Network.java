package io.conduit.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small network of hosts on this machine, made of Linux network namespaces: each host a namespace,
 * each network a bridge in the test's own namespace (which has an address on every network, to
 * reach the hosts), each link a veth pair. Names carry a random tag so that runs do not meet; close
 * removes what it made. Needs root ({@code ip netns add}); when the machine refuses, it fails with
 * the reason {@code ip} gave.
 */
final class Network implements AutoCloseable {

    private final String tag = String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
    /** {@code 10.N}, with N such that this machine has no address in 10.N.0.0/16 yet. */
    private final String base = freeBase();
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> bridges = new ArrayList<>();
    private final Map<String, String> subnets = new LinkedHashMap<>();

    /**
     * Adds a network: a bridge with the address {@code 10.N.<third>.1/24} for the test.
     *
     * @param name  a short name (a letter or two)
     * @param third the third byte of its addresses
     * @return the first three bytes of its addresses, like {@code 10.231.1}
     */
    String network(String name, int third) {
        String prefix = base + "." + third;
        String bridge = "cdt" + tag + name;
        ip("link", "add", bridge, "type", "bridge");
        bridges.add(bridge);
        ip("addr", "add", prefix + ".1/24", "dev", bridge);
        ip("link", "set", bridge, "up");
        subnets.put(name, prefix);
        return prefix;
    }

    /** Adds a host: a namespace with its loopback up. */
    void host(String name) {
        String ns = namespace(name);
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("-n", ns, "link", "set", "lo", "up");
    }

    /**
     * Links a host to a network: a veth pair, {@code <network>0} inside the host with the address
     * {@code <prefix>.<last>}.
     *
     * @return the host's address on that network
     */
    String link(String host, String network, int last) {
        String outside = "c" + tag + host.charAt(0) + host.charAt(host.length() - 1) + network;
        String inside = network + "0";
        ip("link", "add", outside, "type", "veth", "peer", "name", inside, "netns", namespace(host));
        ip("link", "set", outside, "master", "cdt" + tag + network, "up");
        String address = subnets.get(network) + "." + last;
        ip("-n", namespace(host), "addr", "add", address + "/24", "dev", inside);
        ip("-n", namespace(host), "link", "set", inside, "up");
        return address;
    }

    /** Takes a host's link to a network down (like a pulled cable), or up again. */
    void setLink(String host, String network, boolean up) {
        ip("-n", namespace(host), "link", "set", network + "0", up ? "up" : "down");
    }

    /** @return the command prefix that runs a program on a host */
    List<String> on(String host) {
        return List.of("ip", "netns", "exec", namespace(host));
    }

    private String namespace(String host) {
        return "cdt" + tag + "-" + host;
    }

    @Override
    public void close() {
        namespaces.forEach(ns -> run(List.of("ip", "netns", "del", ns)));
        bridges.forEach(bridge -> run(List.of("ip", "link", "del", bridge)));
    }

    private static String freeBase() {
        String addresses = "";
        try {
            Process p = new ProcessBuilder("ip", "-4", "-o", "addr").redirectErrorStream(true).start();
            addresses = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // ip itself is missing: the first command says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            String base = "10." + ThreadLocalRandom.current().nextInt(200, 250);
            if (!addresses.contains(" " + base + ".")) {
                return base;
            }
        }
        throw new IllegalStateException("no free 10.N.0.0/16 for the test's network: " + addresses);
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        String failure = run(command);
        if (failure != null) {
            throw new IllegalStateException("this machine refused to build the test's network of namespaces ("
                    + String.join(" ", command) + ": " + failure + "); the multi-host test needs root and Linux"
                    + " network namespaces (iproute2)");
        }
    }

    /** @return null when it worked, else what it printed */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "did not finish in 30 s";
            }
            return p.exitValue() == 0 ? null : output + " (exit " + p.exitValue() + ")";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
