package io.conduit.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeployerTest {

    @Test
    void aJavaDeploymentIsNamedAfterItsPackagePathAndFile() {
        assertThat(Deployer.deploymentName("GetClientDetails.java", "package tutorial;\nclass X {}"))
                .isEqualTo("tutorial/GetClientDetails.java");
        assertThat(Deployer.deploymentName("A.java", "/* package wrong; */\n// package wrong2;\n  package a.b.c ;"))
                .isEqualTo("a/b/c/A.java");
        assertThat(Deployer.deploymentName("Top.java", "public class Top {}")).isEqualTo("Top.java");
    }

    @Test
    void theDigestIsHexSha256() {
        assertThat(Deployer.sha256("abc".getBytes()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
