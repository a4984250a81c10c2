package io.conduit.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code completion bash|zsh}: a shell completion script for bin/conduit. */
@Command(name = "completion", description = {"Print a completion script: source <(bin/conduit completion bash), or"
    + " for zsh source <(bin/conduit completion zsh)."})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ConduitCli cli;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    /** The shells a script is made for. */
    enum Shell { bash, zsh }

    @Override
    public Integer call() {
        String script = AutoComplete.bash("conduit", spec.root().commandLine());
        if (shell == Shell.zsh) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        cli.out().print(script);
        cli.out().flush();
        return 0;
    }
}
