package io.conduit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a cluster's admin API has: the cluster (a directory given first,
 * or {@code --url} and {@code --credentials}), the command's own spec for usage errors, and the
 * streams it prints to.
 */
abstract class AdminCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ConduitCli cli;

    @Mixin
    Target target;
}
