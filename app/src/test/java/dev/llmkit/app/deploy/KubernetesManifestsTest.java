package dev.llmkit.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The fields of docker/k8s/*.yaml that make the deployment work (no cluster or schema validator is
 * reachable here): probes, GPU resources, the shared pgvector store on its claim, the autoscaler.
 */
class KubernetesManifestsTest {

  private static final Map<String, JsonNode> OBJECTS = load("llmkit.yaml", "pgvector.yaml");
  private static final JsonNode DEPLOYMENT = object("Deployment", "llmkit");
  private static final JsonNode LLMKIT = DEPLOYMENT.at("/spec/template/spec/containers/0");
  private static final JsonNode PGVECTOR = object("StatefulSet", "pgvector");
  private static final JsonNode POSTGRES = PGVECTOR.at("/spec/template/spec/containers/0");

  private static Map<String, JsonNode> load(String... files) {
    Map<String, JsonNode> objects = new HashMap<>();
    for (String file : files) {
      for (JsonNode doc : DeployFiles.yaml("docker/k8s/" + file)) {
        objects.put(doc.get("kind").asText() + "/" + doc.at("/metadata/name").asText(), doc);
      }
    }
    return objects;
  }

  private static JsonNode object(String kind, String name) {
    JsonNode found = OBJECTS.get(kind + "/" + name);
    assertThat(found).as(kind + "/" + name).isNotNull();
    return found;
  }

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new HashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
    return env;
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void everyObjectHasItsApiVersionAndEveryImageAPinnedTag() {
    assertThat(OBJECTS.keySet())
        .containsExactlyInAnyOrder(
            "Deployment/llmkit",
            "Service/llmkit",
            "HorizontalPodAutoscaler/llmkit",
            "PersistentVolumeClaim/pgvector-data",
            "StatefulSet/pgvector",
            "Service/pgvector");
    Map<String, String> apiVersions =
        Map.of(
            "Deployment", "apps/v1",
            "StatefulSet", "apps/v1",
            "Service", "v1",
            "PersistentVolumeClaim", "v1",
            "HorizontalPodAutoscaler", "autoscaling/v2");
    OBJECTS
        .values()
        .forEach(
            o ->
                assertThat(o.get("apiVersion").asText())
                    .isEqualTo(apiVersions.get(o.get("kind").asText())));
    for (JsonNode container : List.of(LLMKIT, POSTGRES)) {
      assertThat(container.get("image").asText())
          .matches("[a-z0-9./-]+:[a-z0-9.-]*\\d+\\.\\d+[a-z0-9.-]*");
    }
  }

  @Test
  void llmkitIsReadyOnReadyAliveOnHealthAndStartsWithinItsStartupBudget() {
    assertThat(LLMKIT.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
    assertThat(LLMKIT.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
    assertThat(LLMKIT.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health");
    int startupSeconds =
        LLMKIT.at("/startupProbe/periodSeconds").asInt()
            * LLMKIT.at("/startupProbe/failureThreshold").asInt();
    assertThat(startupSeconds).isGreaterThanOrEqualTo(120);
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertThat(LLMKIT.at("/" + probe + "/httpGet/port").asText())
          .isEqualTo(LLMKIT.at("/ports/0/name").asText());
    }
    assertThat(LLMKIT.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(object("Service", "llmkit").at("/spec/ports/0/targetPort").asText())
        .isEqualTo("http");
    assertThat(object("Service", "llmkit").at("/spec/selector"))
        .isEqualTo(DEPLOYMENT.at("/spec/template/metadata/labels"));
  }

  @Test
  void eachReplicaGetsOneNvidiaGpuAndTheCpuTheAutoscalerMeasures() {
    JsonNode resources = LLMKIT.get("resources");

    assertThat(resources.at("/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
    assertThat(resources.at("/requests/nvidia.com~1gpu").asInt()).isEqualTo(1);
    assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
    assertThat(resources.at("/limits/memory").asText()).endsWith("Gi");
  }

  @Test
  void theAutoscalerScalesTheDeploymentOnCpu() {
    JsonNode hpa = object("HorizontalPodAutoscaler", "llmkit").get("spec");

    assertThat(hpa.at("/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.at("/scaleTargetRef/name").asText()).isEqualTo("llmkit");
    assertThat(hpa.get("minReplicas").asInt()).isBetween(1, hpa.get("maxReplicas").asInt() - 1);
    assertThat(hpa.at("/metrics/0/resource/name").asText()).isEqualTo("cpu");
  }

  @Test
  void replicasShareTheirDocumentsThroughPgvectorOnAPersistentVolumeClaim() {
    Map<String, JsonNode> llmkitEnv = env(LLMKIT);
    Map<String, JsonNode> postgresEnv = env(POSTGRES);
    String claim =
        PGVECTOR.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText();

    assertThat(strings(LLMKIT.get("args")))
        .containsSubsequence("--documents", "--store", "pgvector");
    assertThat(
            object("Service", llmkitEnv.get("LLMKIT_PG_HOST").get("value").asText())
                .at("/spec/selector"))
        .isEqualTo(PGVECTOR.at("/spec/template/metadata/labels"));
    assertThat(llmkitEnv.get("LLMKIT_PG_DATABASE").get("value"))
        .isEqualTo(postgresEnv.get("POSTGRES_DB").get("value"));
    assertThat(llmkitEnv.get("LLMKIT_PG_USER").get("value"))
        .isEqualTo(postgresEnv.get("POSTGRES_USER").get("value"));
    assertThat(llmkitEnv.get("LLMKIT_PG_PASSWORD").at("/valueFrom/secretKeyRef"))
        .isEqualTo(postgresEnv.get("POSTGRES_PASSWORD").at("/valueFrom/secretKeyRef"));
    assertThat(
            object("PersistentVolumeClaim", claim).at("/spec/resources/requests/storage").asText())
        .endsWith("Gi");
    assertThat(POSTGRES.at("/volumeMounts/0/mountPath").asText())
        .isEqualTo("/var/lib/postgresql/data");
    assertThat(POSTGRES.get("image").asText()).startsWith("pgvector/pgvector:");
  }

  @Test
  void podsRunAsTheImagesUserAndDrainBeforeTheyAreKilled() {
    JsonNode pod = DEPLOYMENT.at("/spec/template/spec");
    long drainMillis =
        Long.parseLong(env(LLMKIT).get("LLMKIT_SHUTDOWN_TIMEOUT_MS").get("value").asText());
    List<String> mounts = new ArrayList<>();
    LLMKIT.get("volumeMounts").forEach(m -> mounts.add(m.get("mountPath").asText()));

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/fsGroup").asInt())
        .isEqualTo(pod.at("/securityContext/runAsUser").asInt());
    assertThat(pod.get("terminationGracePeriodSeconds").asLong() * 1000).isGreaterThan(drainMillis);
    // The two places the image's user writes (docker/Dockerfile: /data and LLMKIT_CACHE).
    assertThat(mounts).containsExactlyInAnyOrder("/data", "/var/cache/llmkit");
    assertThat(DeployFiles.read("docker/Dockerfile")).contains("LLMKIT_CACHE=/var/cache/llmkit");
  }
}
