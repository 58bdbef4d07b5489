package dev.llmkit.server.retrieval;

import dev.langchain4j.data.document.Metadata;
import dev.llmkit.server.retrieval.ingest.IngestRequest;
import dev.llmkit.tokenization.Tokenizer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link CrashSafetyTest}: ingests documents forever and prints {@code ACK
 * <id>} after each ingest returns, until it is killed.
 */
public final class IngestLoopMain {

  private IngestLoopMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Tokenizer tokenizer = Tokenizer.embedded("bert-base-uncased");
        RetrievalService rag =
            RetrievalService.builder()
                .dataDirectory(Path.of(args[0]))
                .embeddingModel(new HashingEmbeddingModel())
                .tokenizer(tokenizer)
                .build()) {
      out.println("READY");
      for (int i = 0; ; i++) {
        String id = "doc-" + i;
        String text = "Document " + i + " talks about topic " + (i % 7) + ". ".repeat(1 + i % 5);
        rag.ingest(IngestRequest.text(id, text, Metadata.from("n", String.valueOf(i))));
        out.println("ACK " + id);
      }
    }
  }
}
