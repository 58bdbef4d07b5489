package dev.llmkit.app.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.http.Json;
import dev.llmkit.server.retrieval.FilterJson;
import dev.llmkit.server.retrieval.RetrievalInputException;
import dev.llmkit.server.retrieval.RetrievalMode;
import dev.llmkit.server.retrieval.RetrievalQuery;
import dev.llmkit.server.retrieval.RetrievedSegment;
import dev.llmkit.server.retrieval.StoreAccessException;
import dev.llmkit.server.retrieval.StoreUnavailableException;
import dev.llmkit.server.retrieval.qa.SourcedAnswer;
import dev.llmkit.server.retrieval.store.StoreLockedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit ask "question"}: answers from the ingested documents with sources; without a QA
 * model, shows the best passages.
 */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Answers a question from the ingested documents, with its source.",
      "Retrieves the best passages (hybrid search by default) and reads them with the QA model",
      "(the bundled one unless --qa-model). Prints the answer, its scores and the source",
      "document with offsets for people; --json prints the Hugging Face question-answering",
      "shape plus the source, exactly as POST /qa without a context answers.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit ingest handbook.pdf notes/ && llmkit ask \"Who maintains the signals?\"",
      "  llmkit ask --top-k 3 --mode bm25 \"When was the bridge opened?\"",
      "  llmkit ask --json --filter '{\"key\":\"team\",\"op\":\"eq\",\"value\":\"rail\"}' \"Who?\"",
      "  llmkit ask --store pgvector --pg-url jdbc:postgresql://db:5432/llmkit \"Who?\"",
      "",
      "--json output (one line; start/end count Unicode code points of the document,",
      "utf16_start/utf16_end UTF-16 units; a list with --top-k > 1):",
      "  {\"answer\":\"Ada\",\"score\":0.91,\"reader_score\":0.55,\"retrieval_score\":0.95,",
      "   \"document_id\":\"team.md\",\"segment_id\":\"...\",\"start\":12,\"end\":15,",
      "   \"utf16_start\":12,\"utf16_end\":15,\"passage\":\"...\",\"passage_utf16_start\":0,",
      "   \"passage_utf16_end\":120}",
      "Nothing found: Hugging Face's no-answer shape, answer \"\" with score 0 and no source.",
      "Exit codes: 0 ok (also when nothing is found), 2 bad input or options, or a store that",
      "cannot be opened or read, 3 model not found or not loadable.",
    })
public final class AskCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private RagOptions options;

  @Mixin private RagSettings settings;

  /** The environment settings are read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Parameters(index = "0", paramLabel = "QUESTION")
  private String question;

  @Option(names = "--mode", defaultValue = "hybrid", description = "hybrid, vector or bm25.")
  private RetrievalMode mode;

  @Option(names = "--passages", defaultValue = "5", description = "Passages to retrieve.")
  private int passages;

  @Option(names = "--top-k", defaultValue = "1", description = "Answers to show.")
  private int topK;

  @Option(
      names = "--json",
      description =
          "Print JSON: the Hugging Face question-answering shape plus the source, as POST /qa"
              + " without a context answers.")
  private boolean json;

  @Option(
      names = "--filter",
      paramLabel = "JSON",
      description = "Metadata filter, e.g. '{\"key\":\"ORG\",\"op\":\"eq\",\"value\":\"Apple\"}'.")
  private String filter;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    settings.applyTo(options, environment);
    try (RagRuntime rag = new RagRuntime(options, options.qaModelOrDefault(), false, environment)) {
      RetrievalQuery q =
          new RetrievalQuery(
              question,
              passages,
              0,
              mode,
              filter == null ? null : FilterJson.parse(new ObjectMapper().readTree(filter)));
      if (!rag.service().canAnswer()) {
        List<RetrievedSegment> passages = rag.service().search(q);
        if (json) {
          out.println(Json.mapper().writeValueAsString(passages));
          out.flush();
          return 0;
        }
        out.println("(no QA model: showing the best passages)");
        for (RetrievedSegment s : passages) {
          out.printf(
              "%.4f  %s [%d, %d)%n  %s%n", s.score(), s.documentId(), s.start(), s.end(), s.text());
        }
        out.flush();
        return 0;
      }
      List<SourcedAnswer> answers = rag.service().answer(question, q, topK);
      if (json) {
        out.println(Json.mapper().writeValueAsString(asJson(answers)));
        out.flush();
        return 0;
      }
      if (answers.isEmpty()) {
        out.println("no answer found");
      }
      for (SourcedAnswer a : answers) {
        out.printf(
            "%s%n  score %.4f (reader %.4f, retrieval %.4f)%n  source %s, chars [%d, %d),"
                + " code points [%d, %d)%n  passage: %s%n",
            a.answer(),
            a.score(),
            a.readerScore(),
            a.retrievalScore(),
            a.documentId(),
            a.utf16Start(),
            a.utf16End(),
            a.start(),
            a.end(),
            a.passage());
      }
      out.flush();
      return 0;
    } catch (StoreLockedException
        | StoreUnavailableException
        | StoreAccessException
        | ConfigException
        | RetrievalInputException e) {
      err.println(e.getMessage());
      return 2;
    }
  }

  /**
   * What {@code POST /qa} without a context answers: one answer for {@code --top-k 1} (Hugging
   * Face's no-answer shape when nothing was found), else the list.
   */
  private Object asJson(List<SourcedAnswer> answers) {
    if (topK > 1) {
      return answers;
    }
    return answers.isEmpty()
        ? new SourcedAnswer("", 0, 0, 0, null, null, 0, 0, 0, 0, null, 0, 0)
        : answers.get(0);
  }
}
