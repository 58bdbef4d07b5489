package dev.llmkit.inference.minilm;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeedProbeIT extends AllMiniLmL6V2EmbeddingIT {
  @Test
  void probe() {
    String[] words =
        "the quick brown fox jumps over a lazy dog while several old men from Paris watch the river and talk about weather music history science and the price of bread"
            .split(" ");
    java.util.Random r = new java.util.Random(1);
    List<String> sents = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 12 + r.nextInt(24);
      for (int j = 0; j < n; j++) sb.append(words[r.nextInt(words.length)]).append(' ');
      sents.add(sb.toString().trim() + ".");
    }
    EmbeddingPipeline pipe =
        EmbeddingPipeline.builder().model(encoder).tokenizer(tokenizer).manager(base).build();
    EmbeddingModel ort = new AllMiniLmL6V2EmbeddingModel();
    List<TextSegment> segs = sents.stream().map(TextSegment::from).toList();
    for (int round = 0; round < 6; round++) {
      ai.djl.pytorch.jni.JniUtils.setNumThreads(round % 2 == 1 ? 1 : 2);
      long t0 = System.nanoTime();
      for (String s : sents) pipe.embed(List.of(s), EmbeddingOptions.defaults());
      long t1 = System.nanoTime();
      for (String s : sents) ort.embed(s);
      long t2 = System.nanoTime();
      for (int i = 0; i < 64; i += 32)
        pipe.embed(sents.subList(i, i + 32), EmbeddingOptions.defaults());
      long t3 = System.nanoTime();
      ort.embedAll(segs);
      long t4 = System.nanoTime();
      System.out.printf(
          "PROBE threads="
              + (round % 2 == 1 ? 1 : 2)
              + " round %d  b1: llmkit %.2f ms ort %.2f ms ratio %.2f | b32: llmkit %.1f ms ort %.1f ms ratio %.2f%n",
          round,
          (t1 - t0) / 64e6,
          (t2 - t1) / 64e6,
          (double) (t2 - t1) / (t1 - t0),
          (t3 - t2) / 1e6,
          (t4 - t3) / 1e6,
          (double) (t4 - t3) / (t3 - t2));
    }
  }
}
