package dev.llmkit.app.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.store.LlmkitCache;
import dev.llmkit.server.retrieval.RetrievalMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench retrieval --squad FILE}: recall@1/5 and MRR@10 for vector, BM25 and hybrid
 * retrieval over SQuAD paragraphs, and open-book QA EM/F1, as JSON and a table.
 */
@Command(
    name = "retrieval",
    mixinStandardHelpOptions = true,
    description =
        "SQuAD retrieval benchmark: each paragraph is a document, each question a query."
            + " Runs in a fresh temporary store unless --data-dir is given.",
    footer = {
      "",
      "Example:",
      "  llmkit bench retrieval --squad dev-v1.1-first1000.json \\",
      "      --distractors train-part01.json --distractor-articles 5 --json bench.json"
    })
public final class RetrievalBenchCommand implements Callable<Integer> {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RetrievalBenchCommand.class);

  @Spec private CommandSpec spec;

  @Mixin private RagOptions options;

  @Option(names = "--squad", required = true, paramLabel = "FILE", description = "SQuAD v1.1 file.")
  private Path squad;

  @Option(names = "--distractors", paramLabel = "FILE", description = "SQuAD file of distractors.")
  private Path distractors;

  @Option(
      names = "--distractor-articles",
      defaultValue = "5",
      paramLabel = "N",
      description = "Articles taken from --distractors (default 5).")
  private int distractorArticles;

  @Option(
      names = "--qa-questions",
      paramLabel = "N",
      description = "Limit end-to-end QA to the first N questions (default all).")
  private Integer qaQuestions;

  @Option(
      names = "--untrained-reader",
      description =
          "Without --qa-model, read with MiniLM plus an untrained QA head (exercises the path;"
              + " EM/F1 are meaningless).")
  private boolean untrainedReader;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report here.")
  private Path json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    SquadFile dev = SquadFile.read(squad);
    SquadFile extra = distractors == null ? null : SquadFile.read(distractors);
    Path tmp = Files.createTempDirectory("llmkit-bench-");
    try {
      if (options.dataDir == null) {
        options.dataDir = tmp.resolve("data");
      }
      Path qaModel = untrainedReader ? options.qaModel : options.qaModelOrDefault();
      String readerName = qaModel == null ? null : qaModel.getFileName().toString();
      if (qaModel == null && untrainedReader) {
        Path base =
            options.embeddingModel != null ? options.embeddingModel : AllMiniLmL6V2.directory();
        qaModel = UntrainedQaModel.create(base, Files.createDirectory(tmp.resolve("qa")), 42);
        readerName = "UNTRAINED MiniLM + random qa_outputs (meaningless)";
      }
      try (RagRuntime rag = new RagRuntime(options, qaModel, false, true)) {
        long t0 = System.nanoTime();
        List<RetrievalBench.Item> items =
            RetrievalBench.ingest(rag.service(), dev, extra, distractorArticles);
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("ingested in {} s; embedding {} questions", ingestSeconds, items.size());
        long t1 = System.nanoTime();
        rag.cache().warm(items.stream().map(RetrievalBench.Item::question).toList());
        double embedSeconds = (System.nanoTime() - t1) / 1e9;
        int docs = rag.service().documents().size();
        int devDocs = dev.articles().stream().mapToInt(a -> a.paragraphs().size()).sum();
        List<RetrievalBench.ModeResult> modes = new ArrayList<>();
        for (RetrievalMode mode :
            List.of(RetrievalMode.VECTOR, RetrievalMode.BM25, RetrievalMode.HYBRID)) {
          modes.add(RetrievalBench.evaluate(rag.service(), items, mode));
          LOG.info("{}", modes.get(modes.size() - 1));
        }
        RetrievalBench.QaResult qa = null;
        if (rag.service().canAnswer()) {
          List<RetrievalBench.Item> asked =
              qaQuestions == null ? items : items.subList(0, Math.min(qaQuestions, items.size()));
          qa = RetrievalBench.answer(rag.service(), asked, readerName, 5);
        }
        RetrievalBench.Report report =
            new RetrievalBench.Report(
                squad.getFileName().toString(),
                devDocs,
                docs - devDocs,
                rag.service().store().segmentCount(),
                ingestSeconds,
                embedSeconds,
                modes,
                qa);
        ObjectMapper mapper =
            new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
        String text = mapper.writeValueAsString(report);
        if (json != null) {
          Files.writeString(json, text);
        }
        out.println(text);
        out.println(table(report, items.size()));
        out.flush();
      }
      return 0;
    } finally {
      LlmkitCache.deleteTree(tmp);
    }
  }

  static String table(RetrievalBench.Report r, int questions) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%d questions, %d documents (+%d distractors), %d segments, ingest %.1f s,"
                + " questions embedded in %.1f s (batched, reused by every mode)%n",
            questions,
            r.documents(),
            r.distractorDocuments(),
            r.segments(),
            r.ingestSeconds(),
            r.questionEmbeddingSeconds()));
    b.append("| mode   | recall@1 | recall@5 | MRR@10 | ms/query (search only) |\n");
    b.append("|--------|----------|----------|--------|------------------------|\n");
    for (RetrievalBench.ModeResult m : r.retrieval()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %-6s | %8.3f | %8.3f | %6.3f | %22.1f |%n",
              m.mode(),
              m.recallAt1(),
              m.recallAt5(),
              m.mrrAt10(),
              m.msPerQuery()));
    }
    if (r.qa() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "open-book QA (%s, %d questions, top 5 hybrid passages): EM %.1f  F1 %.1f  (%.0f ms/question)%n",
              r.qa().reader(),
              r.qa().questions(),
              100 * r.qa().exactMatch(),
              100 * r.qa().f1(),
              r.qa().msPerQuestion()));
      b.append("| reader weight | EM | F1 |\n|---|---|---|\n");
      for (RetrievalBench.WeightResult w : r.qa().byReaderWeight()) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %.1f | %.1f | %.1f |%n",
                w.readerWeight(),
                100 * w.exactMatch(),
                100 * w.f1()));
      }
    } else {
      b.append("open-book QA: not run (give --qa-model DIR, or --untrained-reader)\n");
    }
    return b.toString();
  }
}
