package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {

  @TempDir Path home;

  @Test
  void defaultsMatchHuggingFaceHub() {
    HubSettings s = HubSettings.fromEnvironment(Map.of(), home);
    assertThat(s.hubCache()).isEqualTo(home.resolve(".cache/huggingface/hub"));
    assertThat(s.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
    assertThat(s.token()).isEmpty();
    assertThat(s.offline()).isFalse();
  }

  @Test
  void hfHomeMovesTheHubCacheUnlessHfHubCacheIsSet() {
    assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", "/data/hf"), home).hubCache())
        .isEqualTo(Path.of("/data/hf/hub"));
    assertThat(
            HubSettings.fromEnvironment(
                    Map.of("HF_HOME", "/data/hf", "HF_HUB_CACHE", "~/hubcache"), home)
                .hubCache())
        .isEqualTo(home.resolve("hubcache"));
    assertThat(HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", "/xdg"), home).hubCache())
        .isEqualTo(Path.of("/xdg/huggingface/hub"));
  }

  @Test
  void endpointTokenAndOfflineComeFromTheEnvironment() {
    HubSettings s =
        HubSettings.fromEnvironment(
            Map.of(
                "HF_ENDPOINT", "https://hf-mirror.example/",
                "HF_TOKEN", " hf_abc ",
                "HF_HUB_OFFLINE", "1"),
            home);
    assertThat(s.endpoint()).isEqualTo(URI.create("https://hf-mirror.example"));
    assertThat(s.token()).contains("hf_abc");
    assertThat(s.offline()).isTrue();
    assertThat(s.toString()).doesNotContain("hf_abc");
  }

  @Test
  void offlineAcceptsTheSameTruthyValuesAsHuggingFaceHub() {
    for (String yes : new String[] {"1", "true", "ON", "yes"}) {
      assertThat(HubSettings.isTrue(yes)).as(yes).isTrue();
    }
    for (String no : new String[] {"0", "false", "", "off"}) {
      assertThat(HubSettings.isTrue(no)).as(no).isFalse();
    }
    assertThat(HubSettings.isTrue(null)).isFalse();
  }

  @Test
  void theLoginTokenFileIsUsedWhenHfTokenIsUnset() throws IOException {
    Path hfHome = home.resolve(".cache/huggingface");
    Files.createDirectories(hfHome);
    Files.writeString(hfHome.resolve("token"), "hf_from_file\n");
    assertThat(HubSettings.fromEnvironment(Map.of(), home).token()).contains("hf_from_file");
    assertThat(HubSettings.fromEnvironment(Map.of("HF_TOKEN", "hf_env"), home).token())
        .contains("hf_env");
  }

  @Test
  void aNonHttpEndpointIsRejected() {
    assertThatThrownBy(
            () -> new HubSettings(home, URI.create("file:///tmp"), Optional.empty(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
