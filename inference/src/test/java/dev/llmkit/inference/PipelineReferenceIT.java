package dev.llmkit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.Entity;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.Answer;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.inference.testing.TinyModels;
import dev.llmkit.tokenization.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NER and QA pipeline outputs against an independent reference: {@code
 * src/test/python/make_pipeline_references.py} re-implements the BERT tokenizer and Hugging Face's
 * post-processing in numpy, runs the torch.nn reference models on the tiny checkpoints one window
 * at a time, and its outputs are committed in {@code reference/pipelines-expected.json}. Here the
 * inputs sharing options run as one padded batch. Scores must agree to 1e-4; labels, words, texts
 * and offsets exactly. Models: tiny BERT and DistilBERT (WordPiece), tiny RoBERTa (byte-level).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineReferenceIT {

  private static final double TOLERANCE = 1e-4;

  private JsonNode reference;
  private NDManager base;
  private final java.util.Map<String, Tokenizer> tokenizers = new java.util.HashMap<>();

  static Stream<String> models() {
    return Stream.of("tiny-bert-heads", "tiny-distilbert-heads", "tiny-roberta-heads");
  }

  @BeforeAll
  void load() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/reference/pipelines-expected.json")) {
      reference = new ObjectMapper().readTree(in);
    }
    base = NDManager.newBaseManager();
    models().forEach(m -> tokenizers.put(m, TinyModels.tokenizerFor(m)));
  }

  @AfterAll
  void close() {
    tokenizers.values().forEach(Tokenizer::close);
    base.close();
  }

  private JsonNode cases(String model) {
    return reference.get("models").get(model);
  }

  @ParameterizedTest
  @MethodSource("models")
  void theReferenceTokenizerAgreesWithOurs(String model) {
    Tokenizer tokenizer = tokenizers.get(model);
    for (JsonNode c : cases(model).get("tokens")) {
      List<Long> expected = new ArrayList<>();
      c.get("ids").forEach(id -> expected.add(id.asLong()));
      long[] ids = tokenizer.encode(c.get("text").asText(), false).ids();
      assertThat(ids).as(c.get("text").asText()).containsExactly(toArray(expected));
    }
  }

  private static NerOptions nerOptions(JsonNode c) {
    List<String> ignore = new ArrayList<>();
    c.get("ignore_labels").forEach(l -> ignore.add(l.asText()));
    NerOptions.Builder options =
        NerOptions.builder()
            .aggregationStrategy(c.get("aggregation_strategy").asText())
            .ignoreLabels(ignore);
    if (c.has("stride")) {
      options.stride(c.get("stride").asInt());
    }
    return options.build();
  }

  private static QaOptions qaOptions(JsonNode c) {
    JsonNode o = c.get("options");
    QaOptions.Builder options = QaOptions.builder().docStride(c.get("doc_stride").asInt());
    if (o.has("top_k")) {
      options.topK(o.get("top_k").asInt());
    }
    if (o.has("max_answer_len")) {
      options.maxAnswerLen(o.get("max_answer_len").asInt());
    }
    if (o.has("align_to_words")) {
      options.alignToWords(o.get("align_to_words").asBoolean());
    }
    if (o.has("handle_impossible_answer")) {
      options.handleImpossibleAnswer(o.get("handle_impossible_answer").asBoolean());
    }
    return options.build();
  }

  /** Reference cases grouped by their options, in file order. */
  private static <K> Map<K, List<JsonNode>> byOptions(
      JsonNode cases, java.util.function.Function<JsonNode, K> options) {
    Map<K, List<JsonNode>> groups = new LinkedHashMap<>();
    cases.forEach(c -> groups.computeIfAbsent(options.apply(c), k -> new ArrayList<>()).add(c));
    return groups;
  }

  /** The texts of one option group go through the pipeline as one batch. */
  @ParameterizedTest
  @MethodSource("models")
  void nerMatchesTheReference(String model) {
    Tokenizer tokenizer = tokenizers.get(model);
    try (TokenClassifier classifier =
            EncoderModels.loadTokenClassifier(TinyModels.checkpoint(model), base);
        NerPipeline ner =
            NerPipeline.builder().model(classifier).tokenizer(tokenizer).manager(base).build()) {
      int checked = 0;
      for (var group :
          byOptions(cases(model).get("ner"), PipelineReferenceIT::nerOptions).entrySet()) {
        List<String> texts = group.getValue().stream().map(c -> c.get("text").asText()).toList();
        List<List<Entity>> batch = ner.run(texts, group.getKey());
        for (int t = 0; t < texts.size(); t++) {
          String what = group.getKey() + " " + texts.get(t);
          List<Entity> actual = batch.get(t);
          JsonNode expected = group.getValue().get(t).get("entities");
          assertThat(actual).as(what).hasSize(expected.size());
          for (int i = 0; i < actual.size(); i++) {
            Entity a = actual.get(i);
            JsonNode e = expected.get(i);
            String label =
                e.has("entity") ? e.get("entity").asText() : e.get("entity_group").asText();
            assertThat(a.entity()).as(what).isEqualTo(label);
            assertThat(a.isGroup()).isEqualTo(e.has("entity_group"));
            assertThat(a.word()).as(what).isEqualTo(e.get("word").asText());
            assertThat(a.start()).as(what).isEqualTo(e.get("start").asInt());
            assertThat(a.end()).as(what).isEqualTo(e.get("end").asInt());
            assertThat(a.score()).as(what).isCloseTo(e.get("score").asDouble(), within(TOLERANCE));
            if (e.has("index")) {
              assertThat(a.index()).hasValue(e.get("index").asInt());
            }
            checked++;
          }
        }
      }
      assertThat(checked).isGreaterThan(100);
    }
  }

  /** The questions of one option group go through the pipeline as one batch. */
  @ParameterizedTest
  @MethodSource("models")
  void questionAnsweringMatchesTheReference(String model) {
    Tokenizer tokenizer = tokenizers.get(model);
    try (QuestionAnswerer answerer =
            EncoderModels.loadQuestionAnswerer(TinyModels.checkpoint(model), base);
        QaPipeline qa =
            QaPipeline.builder().model(answerer).tokenizer(tokenizer).manager(base).build()) {
      int checked = 0;
      for (var group :
          byOptions(cases(model).get("qa"), PipelineReferenceIT::qaOptions).entrySet()) {
        List<QaInput> inputs =
            group.getValue().stream()
                .map(c -> new QaInput(c.get("question").asText(), c.get("context").asText()))
                .toList();
        List<List<Answer>> batch = qa.run(inputs, group.getKey());
        for (int q = 0; q < inputs.size(); q++) {
          String context = inputs.get(q).context();
          String what = inputs.get(q).question() + " " + group.getKey();
          List<Answer> actual = batch.get(q);
          JsonNode expected = group.getValue().get(q).get("answers");
          assertThat(actual).as(what).hasSize(expected.size());
          for (int i = 0; i < actual.size(); i++) {
            Answer a = actual.get(i);
            JsonNode e = expected.get(i);
            assertThat(a.answer()).as(what).isEqualTo(e.get("answer").asText());
            assertThat(a.start()).as(what).isEqualTo(e.get("start").asInt());
            assertThat(a.end()).as(what).isEqualTo(e.get("end").asInt());
            assertThat(a.score()).as(what).isCloseTo(e.get("score").asDouble(), within(TOLERANCE));
            if (!a.isEmpty()) {
              assertThat(context.substring(a.utf16Start(), a.utf16End())).isEqualTo(a.answer());
            }
            checked++;
          }
        }
      }
      assertThat(checked).isGreaterThan(20);
    }
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
