package dev.llmkit.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker/compose.yaml; docker/test-image.sh also runs its CPU service with docker-compose. */
class ComposeFileTest {

  private static final JsonNode COMPOSE = DeployFiles.yaml("docker/compose.yaml").get(0);
  private static final JsonNode CPU = COMPOSE.at("/services/llmkit");
  private static final JsonNode GPU = COMPOSE.at("/services/llmkit-gpu");

  @Test
  void theCpuServiceStartsByDefaultAndTheGpuOneOnlyWithItsProfile() {
    assertThat(CPU.has("profiles")).isFalse();
    assertThat(GPU.at("/profiles").toString()).isEqualTo("[\"gpu\"]");
    assertThat(COMPOSE.get("services").size()).isEqualTo(2);
  }

  @Test
  void bothServicesBuildTheOneDockerfileWithTheirFlavor() {
    for (JsonNode service : List.of(CPU, GPU)) {
      assertThat(service.at("/build/context").asText()).isEqualTo("..");
      assertThat(service.at("/build/dockerfile").asText()).isEqualTo("docker/Dockerfile");
    }
    assertThat(CPU.at("/build/args/FLAVOR").asText()).isEqualTo("cpu");
    assertThat(GPU.at("/build/args/FLAVOR").asText()).isEqualTo("cuda");
  }

  @Test
  void theGpuServiceReservesAnNvidiaGpu() {
    JsonNode device = GPU.at("/deploy/resources/reservations/devices/0");

    assertThat(device.get("driver").asText()).isEqualTo("nvidia");
    assertThat(device.get("count").asInt()).isEqualTo(1);
    assertThat(device.get("capabilities").toString()).isEqualTo("[\"gpu\"]");
    assertThat(CPU.has("deploy")).isFalse();
  }

  @Test
  void bothServicesKeepTheirDataInTheOneVolumeAndReadTheSameEnvironment() {
    assertThat(COMPOSE.get("volumes").size()).isEqualTo(1);
    assertThat(COMPOSE.get("volumes").has("llmkit-data")).isTrue();
    ObjectNode cpu = CPU.deepCopy();
    ObjectNode gpu = GPU.deepCopy();
    for (ObjectNode service : List.of(cpu, gpu)) {
      service.remove(List.of("build", "image", "profiles", "deploy"));
    }

    assertThat(gpu).isEqualTo(cpu);
    assertThat(CPU.get("volumes").toString()).isEqualTo("[\"llmkit-data:/data\"]");
    assertThat(CPU.get("environment").has("LLMKIT_API_KEYS")).isTrue();
  }

  @Test
  void dockerWaitsLongerThanTheServerDrainsBeforeKillingIt() {
    Duration grace =
        Duration.ofSeconds(Long.parseLong(CPU.get("stop_grace_period").asText().replace("s", "")));
    String drain = CPU.at("/environment/LLMKIT_SHUTDOWN_TIMEOUT_MS").asText();
    long drainMillis = Long.parseLong(DeployFiles.find(drain, ":-(\\d+)}"));

    assertThat(grace).isGreaterThan(Duration.ofMillis(drainMillis));
  }
}
