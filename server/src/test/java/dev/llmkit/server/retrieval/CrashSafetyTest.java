package dev.llmkit.server.retrieval;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.retrieval.store.StoredDocument;
import dev.llmkit.tokenization.Tokenizer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL in the middle of an ingest loop loses nothing it acknowledged. */
class CrashSafetyTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyAcknowledgedDocumentSurvivesKillMinus9() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                IngestLoopMain.class.getName(),
                dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(line.substring(4));
        }
        if (acknowledged.size() == 40) {
          child.destroyForcibly(); // SIGKILL, mid-loop: the next ingest is in flight
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(acknowledged).hasSize(40);
    assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL

    try (Tokenizer tokenizer = Tokenizer.embedded("bert-base-uncased");
        RetrievalService rag =
            RetrievalService.builder()
                .dataDirectory(dataDir)
                .embeddingModel(new HashingEmbeddingModel())
                .tokenizer(tokenizer)
                .build()) {
      Set<String> stored =
          rag.documents().stream().map(StoredDocument::id).collect(Collectors.toSet());
      assertThat(stored).containsAll(acknowledged);
      for (String id : acknowledged) {
        RetrievalQuery q =
            new RetrievalQuery(
                "document topic",
                5,
                0,
                RetrievalMode.BM25,
                metadataKey("document_id").isEqualTo(id));
        assertThat(rag.search(q)).as(id).isNotEmpty();
      }
    }
  }
}
