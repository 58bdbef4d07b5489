package dev.llmkit.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  private Report report() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpu", "Test CPU");
    machine.put("cores", 2);
    machine.put("threads", 2);
    machine.put("load_average", "0.10 0.20 0.30");
    machine.put("date", "2026-12-06T00:00:00Z");
    return new Report(
        "encoder",
        "llmkit bench encoder --repeats 3",
        machine,
        List.of(
            Result.against(
                    "batch 1",
                    "ms per text",
                    Samples.of(List.of(10.0, 12.0, 11.0)),
                    "ONNX Runtime",
                    Samples.of(List.of(5.0, 6.0, 5.5)))
                .with("llmkit texts/s", 1000 / 11.0),
            Result.alone("prefill 16 tokens", "ms per prompt", Samples.of(List.of(3.0)))));
  }

  @Test
  void derivedValuesKeepThreeSignificantDigitsWhenSmall() {
    assertThat(Report.derived(161.44)).isEqualTo("161.4");
    assertThat(Report.derived(0.0)).isEqualTo("0.0");
    assertThat(Report.derived(2.14e-5)).isEqualTo("2.14e-05");
    assertThat(Report.derived(-0.0123)).isEqualTo("-0.0123");
  }

  @Test
  void theJsonNamesEachCaseWithItsStatisticsPeerAndRatio() throws Exception {
    JsonNode json = new ObjectMapper().readTree(report().json());
    assertThat(json.get("suite").asText()).isEqualTo("encoder");
    assertThat(json.get("machine").get("cpu").asText()).isEqualTo("Test CPU");
    JsonNode first = json.get("results").get(0);
    assertThat(first.get("llmkit").get("median").asDouble()).isEqualTo(11.0);
    assertThat(first.get("llmkit").get("n").asInt()).isEqualTo(3);
    assertThat(first.get("peer").get("median").asDouble()).isEqualTo(5.5);
    assertThat(first.get("speed_ratio").asDouble()).isEqualTo(0.5);
    assertThat(first.get("extra").get("llmkit texts/s").asDouble()).isEqualTo(90.9091);
    JsonNode second = json.get("results").get(1);
    assertThat(second.has("peer")).isFalse();
    assertThat(second.has("speed_ratio")).isFalse();
  }

  @Test
  void theMarkdownTableHasARowPerCaseWithTheRatio() {
    String md = report().markdown();
    assertThat(md).contains("### `llmkit bench encoder --repeats 3`");
    assertThat(md).contains("| batch 1 | ms per text | 11.0 (10.2–11.8) | ONNX Runtime |");
    assertThat(md).contains("| 0.50× |");
    assertThat(md).contains("| prefill 16 tokens | ms per prompt | 3.00 (3.00–3.00) | — | — | — |");
    assertThat(md).contains("Machine: Test CPU, 2 cores, 2 threads");
  }

  @Test
  void writingGivesJsonMarkdownAndAReadablePng() throws Exception {
    Path json = report().write(dir);
    assertThat(json).isEqualTo(dir.resolve("encoder.json"));
    assertThat(Files.readString(dir.resolve("encoder.md"))).contains("| batch 1 |");
    BufferedImage png = ImageIO.read(dir.resolve("encoder.png").toFile());
    assertThat(png.getWidth()).isEqualTo(960);
    assertThat(png.getHeight()).isGreaterThan(100);
  }
}
