package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One tokenizer shared by several threads gives the same encodings as one thread. */
class ConcurrencyTest {

  @Test
  void concurrentEncodingEqualsSequentialEncoding() throws Exception {
    List<String> lines = VocabFilesEquivalenceTest.fixtureLines().subList(0, 400);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Tokenizer tokenizer = Tokenizer.embedded("gpt2")) {
      List<Encoding> sequential = new ArrayList<>();
      for (String line : lines) {
        sequential.add(tokenizer.encode(line));
      }
      List<Future<Encoding>> futures = new ArrayList<>();
      for (String line : lines) {
        futures.add(pool.submit(() -> tokenizer.encode(line)));
        futures.add(pool.submit(() -> tokenizer.encodeWindows(line, 16, 4).get(0)));
      }
      for (int i = 0; i < lines.size(); i++) {
        assertThat(futures.get(2 * i).get()).isEqualTo(sequential.get(i));
        assertThat(futures.get(2 * i + 1).get().length()).isLessThanOrEqualTo(16);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
