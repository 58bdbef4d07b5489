package dev.llmkit.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.app.deploy.Dockerfile.Instruction;
import dev.llmkit.app.deploy.Dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules docker/Dockerfile must keep (hadolint is in no registry these machines reach). The
 * image itself is built and run by docker/test-image.sh.
 */
class DockerfileRulesTest {

  private static final String TEXT = DeployFiles.read("docker/Dockerfile");
  private static final Dockerfile DOCKERFILE = Dockerfile.parse(TEXT);
  private static final Map<String, List<String>> CHOICES =
      Map.of("FLAVOR", List.of("cpu", "cuda"), "APP_SOURCE", List.of("build", "host"));

  @Test
  void everyBaseImageIsPinnedToAnExactRelease() {
    List<String> bases = new ArrayList<>();
    for (Stage stage : DOCKERFILE.stages()) {
      for (String from : DOCKERFILE.expansions(stage.from(), CHOICES)) {
        boolean isStage = DOCKERFILE.stages().stream().anyMatch(s -> from.equals(s.name()));
        if (isStage || from.equals("scratch")) {
          continue;
        }
        assertThat(from)
            .as("a FROM that is not a stage names its base by ARG")
            .matches("\\$\\{\\w+}");
        bases.add(DOCKERFILE.globalArgs().get(from.substring(2, from.length() - 1)));
      }
    }

    assertThat(bases)
        .hasSize(3)
        .allSatisfy(
            image ->
                assertThat(image)
                    .as("pinned to major.minor.patch, never latest")
                    .matches("[a-z0-9./-]+:[0-9]+\\.[0-9]+\\.[0-9]+[_.a-z0-9-]*")
                    .doesNotContain("latest"));
  }

  @Test
  void theImageRunsAsTheUnprivilegedUserThatKubernetesExpects() {
    Stage runtime = DOCKERFILE.target();
    String user = runtime.last("USER").orElseThrow().arguments();
    String uid = DeployFiles.find(TEXT, "useradd [^\\n]*--uid (\\d+)");

    assertThat(user).isNotIn("root", "0").isEqualTo("llmkit");
    assertThat(runtime.indexOf("USER")).isLessThan(runtime.indexOf("ENTRYPOINT"));
    assertThat(uid).isNotEqualTo("0");
    assertThat(DeployFiles.read("docker/k8s/llmkit.yaml")).contains("runAsUser: " + uid);
  }

  @Test
  void noRecursiveChownOrChmodDuplicatesACopiedLayer() {
    Stage runtime = DOCKERFILE.target();

    assertThat(TEXT).doesNotContainPattern("chown\\s+(-\\w*R|--recursive)");
    for (String stage : List.of("base", "runtime")) {
      assertThat(DOCKERFILE.stage(stage).all("RUN"))
          .extracting(Instruction::arguments)
          .noneMatch(run -> run.matches("(?s).*ch(own|mod)\\s+(-\\w*R|--recursive).*"));
    }
    // What the runtime copies was laid out and made read-only in the prepare stage.
    assertThat(runtime.all("COPY"))
        .extracting(Instruction::arguments)
        .allMatch(copy -> copy.startsWith("--from=prepare --chown="));
  }

  @Test
  void theRuntimeDeclaresItsHealthcheckPortVolumeAndOciLabels() {
    Stage runtime = DOCKERFILE.target();
    String labels =
        String.join(" ", runtime.all("LABEL").stream().map(Instruction::arguments).toList());

    assertThat(runtime.last("HEALTHCHECK").orElseThrow().arguments())
        .contains("CMD")
        .contains("dev.llmkit.app.HealthProbe")
        .contains("http://127.0.0.1:8080/health");
    assertThat(runtime.last("EXPOSE").orElseThrow().arguments()).isEqualTo("8080");
    assertThat(runtime.last("VOLUME").orElseThrow().arguments()).contains("/data");
    assertThat(runtime.last("CMD").orElseThrow().arguments()).contains("\"--port\", \"8080\"");
    for (String key : List.of("title", "description", "version", "revision")) {
      assertThat(labels).contains("org.opencontainers.image." + key + "=");
    }
  }

  @Test
  void bothFlavorsShareEveryStepAfterWhereJavaComesFrom() {
    Stage base = DOCKERFILE.stage("base");

    assertThat(base.from()).isEqualTo("base-${FLAVOR}");
    assertThat(DOCKERFILE.expansions(base.from(), CHOICES))
        .containsExactly("base-cpu", "base-cuda");
    assertThat(DOCKERFILE.stage("prepare").from()).isEqualTo("base");
    assertThat(DOCKERFILE.target().from()).isEqualTo("base");
    assertThat(DOCKERFILE.stage("prepare").last("RUN").orElseThrow().arguments())
        .isEqualTo("prepare-runtime.sh \"$LLMKIT_FLAVOR\"");
    // Nothing after the flavor's base names one flavor: the CPU image test covers the CUDA one.
    for (String stage : List.of("base", "prepare", "runtime")) {
      assertThat(DOCKERFILE.stage(stage).instructions())
          .extracting(Instruction::arguments)
          .noneMatch(args -> args.matches("(?is).*\\b(cuda|cu1\\d\\d|nvidia)\\b.*"));
    }
    String script = DeployFiles.read("docker/prepare-runtime.sh");
    assertThat(script)
        .contains("  cpu)")
        .contains("  cuda)")
        .contains("rm -f lib/pytorch-native-cpu-");
  }

  @Test
  void theCudaBaseMatchesTheCudaFlavourOfDjlsPytorch() {
    String cudaImage = DOCKERFILE.globalArgs().get("CUDA_IMAGE");
    String flavor =
        DOCKERFILE
            .stage("base-cuda")
            .last("ENV")
            .orElseThrow()
            .arguments()
            .replace("PYTORCH_FLAVOR=", "");
    String pom = DeployFiles.read("pom.xml");
    String pytorch = DeployFiles.find(pom, "<pytorch.version>([^<]+)</pytorch.version>");
    String cuda = DeployFiles.find(cudaImage, "^nvidia/cuda:(\\d+\\.\\d+)\\.\\d+-cudnn-runtime-");

    // DJL's PyTorch 2.7.1 is published for CUDA 12.8 (flavor cu128) on Linux.
    assertThat(pytorch).isEqualTo("2.7.1");
    assertThat(flavor).isEqualTo("cu" + cuda.replace(".", ""));
    assertThat(flavor).isEqualTo("cu128");
    assertThat(TEXT).contains("PyTorch " + pytorch + " + CUDA " + cuda);
  }

  @Test
  void theRulesReadTheDockerfileAsDockerDoes() {
    Dockerfile parsed =
        Dockerfile.parse(
            """
            ARG BASE=debian:12.5.0
            # a comment
            FROM ${BASE} AS one
            RUN a \\
             && b
            USER nobody
            FROM one
            COPY --from=one x y
            """);

    assertThat(parsed.globalArgs()).containsEntry("BASE", "debian:12.5.0");
    assertThat(parsed.stages()).extracting(Stage::name).containsExactly("one", null);
    assertThat(parsed.stage("one").all("RUN")).containsExactly(new Instruction("RUN", "a  && b"));
    assertThat(parsed.target().instructions())
        .containsExactly(new Instruction("COPY", "--from=one x y"));
    assertThatThrownBy(() -> parsed.stage("two")).isInstanceOf(AssertionError.class);
  }

  @Test
  void onnxRuntimeIsNotOnTheApplicationsClasspath() {
    // Only LangChain4j's ONNX file is read (by llmkit's own protobuf reader); its runtime is a
    // test dependency of inference alone, so neither app/target/lib nor the image carries it.
    assertThatThrownBy(() -> Class.forName("ai.onnxruntime.OrtEnvironment"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
