package dev.llmkit.server.retrieval;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.llmkit.server.retrieval.ingest.ContentType;
import dev.llmkit.server.retrieval.ingest.DocumentFormatException;
import dev.llmkit.server.retrieval.ingest.EntityTagger;
import dev.llmkit.server.retrieval.ingest.IngestRequest;
import dev.llmkit.server.retrieval.ingest.IngestResult;
import dev.llmkit.server.retrieval.store.StoreLockedException;
import dev.llmkit.server.retrieval.store.StoredDocument;
import dev.llmkit.server.retrieval.store.UnsupportedFilterException;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalServiceTest {

  private static Tokenizer tokenizer;

  @TempDir Path dataDir;

  @BeforeAll
  static void load() {
    tokenizer = Tokenizer.embedded("bert-base-uncased");
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private RetrievalService open(HashingEmbeddingModel model) {
    return open(model, null);
  }

  private RetrievalService open(HashingEmbeddingModel model, EntityTagger tagger) {
    return RetrievalService.builder()
        .dataDirectory(dataDir)
        .embeddingModel(model)
        .tokenizer(tokenizer)
        .entityTagger(tagger)
        .segmentTokens(30, 5)
        .build();
  }

  private static IngestRequest doc(String id, String text, Map<String, Object> metadata) {
    return IngestRequest.text(id, text, Metadata.from(metadata));
  }

  private static List<String> docIds(List<RetrievedSegment> hits) {
    List<String> out = new ArrayList<>();
    for (RetrievedSegment s : hits) {
      if (!out.contains(s.documentId())) {
        out.add(s.documentId());
      }
    }
    return out;
  }

  @Test
  void documentsSurviveAStoreRestart() {
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      rag.ingest(doc("rivers", "The Danube flows through Vienna and Budapest.", Map.of()));
      rag.ingest(doc("cheese", "Gruyère is a hard cheese from Switzerland.", Map.of()));
    }
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      assertThat(rag.documents())
          .extracting(StoredDocument::id)
          .containsExactly("cheese", "rivers");
      for (RetrievalMode mode : RetrievalMode.values()) {
        List<RetrievedSegment> hits =
            rag.search(RetrievalQuery.of("Which river flows through Vienna?", 1).withMode(mode));
        assertThat(hits)
            .as(mode.name())
            .extracting(RetrievedSegment::documentId)
            .containsExactly("rivers");
      }
    }
  }

  @Test
  void reingestingTheSameTextIsANoOpAndNewTextReplacesEverySegment() {
    HashingEmbeddingModel model = new HashingEmbeddingModel();
    String longText = "Sentence one about apples. ".repeat(20);
    try (RetrievalService rag = open(model)) {
      IngestResult first = rag.ingest(doc("a", longText, Map.of()));
      IngestResult again = rag.ingest(doc("a", longText, Map.of()));
      assertThat(first.status()).isEqualTo(IngestResult.Status.CREATED);
      assertThat(again.status()).isEqualTo(IngestResult.Status.UNCHANGED);
      assertThat(model.calls.get()).isEqualTo(1);
      assertThat(first.segmentCount()).isGreaterThan(1);
      assertThat(rag.store().segmentCount()).isEqualTo(first.segmentCount());

      IngestResult replaced = rag.ingest(doc("a", "Only pears now.", Map.of()));
      assertThat(replaced.status()).isEqualTo(IngestResult.Status.REPLACED);
      assertThat(rag.store().segmentCount()).isEqualTo(1);
      assertThat(rag.search(RetrievalQuery.of("apples", 5).withMode(RetrievalMode.BM25))).isEmpty();
    }
  }

  @Test
  void documentsWithoutAnIdAreKeyedByTheirContentHash() {
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      IngestResult a = rag.ingest(doc(null, "same words", Map.of()));
      IngestResult b = rag.ingest(doc(null, "same words", Map.of()));
      // sha256("same words") = 4be2cdb8... computed with sha256sum; the id is its first 32 hex
      assertThat(a.id()).startsWith("sha256-").hasSize(7 + 32);
      assertThat(a.contentHash()).startsWith(a.id().substring(7));
      assertThat(b.status()).isEqualTo(IngestResult.Status.UNCHANGED);
      assertThat(rag.documents()).hasSize(1);
    }
  }

  @Test
  void deletingADocumentRemovesItsSegmentsAndCatalogEntry() {
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      rag.ingest(doc("keep", "Lighthouses guide ships at night.", Map.of()));
      rag.ingest(doc("drop", "Lighthouses were once lit by oil lamps. ".repeat(6), Map.of()));
      assertThat(rag.delete("drop")).isTrue();
      assertThat(rag.delete("drop")).isFalse();
      assertThat(rag.documents()).extracting(StoredDocument::id).containsExactly("keep");
      assertThat(docIds(rag.search(RetrievalQuery.of("lighthouses oil lamps", 10))))
          .containsExactly("keep");
    }
  }

  @Test
  void metadataFiltersSelectSegments() {
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      rag.ingest(doc("d1", "Quarterly report on trains.", Map.of("year", 2021, "team", "rail")));
      rag.ingest(doc("d2", "Quarterly report on trains.", Map.of("year", 2023, "team", "rail")));
      rag.ingest(doc("d3", "Quarterly report on trains.", Map.of("year", 2024L, "team", "bus")));
      rag.ingest(doc("d4", "Quarterly report on trains.", Map.of("score", 0.5)));

      assertThat(search(rag, metadataKey("team").isEqualTo("rail")))
          .containsExactlyInAnyOrder("d1", "d2");
      assertThat(search(rag, metadataKey("year").isGreaterThan(2021)))
          .containsExactlyInAnyOrder("d2", "d3");
      assertThat(search(rag, metadataKey("year").isLessThanOrEqualTo(2023)))
          .containsExactlyInAnyOrder("d1", "d2");
      assertThat(search(rag, metadataKey("score").isLessThan(0.75))).containsExactly("d4");
      assertThat(search(rag, metadataKey("year").isIn(2021, 2024)))
          .containsExactlyInAnyOrder("d1", "d3");
      assertThat(search(rag, metadataKey("team").isNotEqualTo("rail")))
          .containsExactlyInAnyOrder("d3", "d4");
      assertThat(
              search(
                  rag,
                  metadataKey("team").isEqualTo("rail").and(metadataKey("year").isEqualTo(2023))))
          .containsExactly("d2");
      assertThat(
              search(
                  rag,
                  metadataKey("team").isEqualTo("bus").or(metadataKey("year").isEqualTo(2021))))
          .containsExactlyInAnyOrder("d1", "d3");
      assertThat(search(rag, Filter.not(metadataKey("team").isIn("rail", "bus"))))
          .containsExactly("d4");
      assertThat(search(rag, metadataKey("document_id").isEqualTo("d3"))).containsExactly("d3");
    }
  }

  @Test
  void filtersApplyInEveryMode() {
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      rag.ingest(doc("x", "Penguins live in Antarctica.", Map.of("lang", "en")));
      rag.ingest(doc("y", "Penguins live in Antarctica.", Map.of("lang", "fr")));
      for (RetrievalMode mode : RetrievalMode.values()) {
        RetrievalQuery q =
            new RetrievalQuery("penguins", 10, 0, mode, metadataKey("lang").isEqualTo("fr"));
        assertThat(docIds(rag.search(q))).as(mode.name()).containsExactly("y");
      }
    }
  }

  @Test
  void entitiesFoundAtIngestAreFilterableOneByOne() {
    // A tagger that marks capitalised words from a fixed list, standing in for the NER pipeline.
    EntityTagger tagger =
        texts -> {
          List<List<EntityTagger.TaggedEntity>> out = new ArrayList<>();
          for (String t : texts) {
            List<EntityTagger.TaggedEntity> found = new ArrayList<>();
            for (String org : List.of("Apple", "Google", "Siemens")) {
              if (t.contains(org)) {
                found.add(new EntityTagger.TaggedEntity("ORG", org));
              }
            }
            out.add(found);
          }
          return out;
        };
    try (RetrievalService rag = open(new HashingEmbeddingModel(), tagger)) {
      rag.ingest(doc("both", "Apple and Google announced phones.", Map.of()));
      rag.ingest(doc("one", "Siemens announced trains.", Map.of()));

      assertThat(search(rag, metadataKey("ORG").isEqualTo("Apple"))).containsExactly("both");
      assertThat(search(rag, metadataKey("ORG").isEqualTo("Google"))).containsExactly("both");
      assertThat(search(rag, metadataKey("ORG").isEqualTo("Siemens"))).containsExactly("one");
      RetrievedSegment hit = rag.search(RetrievalQuery.of("phones", 1)).get(0);
      assertThat(hit.metadata().getString("ORG")).isEqualTo("Apple|Google");
    }
  }

  @Test
  void minScoreAndMaxResultsBoundTheResults() {
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      for (int i = 0; i < 6; i++) {
        rag.ingest(doc("d" + i, "Bread recipe number " + i + " with flour.", Map.of()));
      }
      assertThat(rag.search(RetrievalQuery.of("bread flour", 3))).hasSize(3);
      List<RetrievedSegment> hybrid = rag.search(RetrievalQuery.of("bread flour", 6));
      assertThat(hybrid.get(0).score()).isLessThanOrEqualTo(1.0);
      double cut = hybrid.get(2).score();
      RetrievalQuery q = new RetrievalQuery("bread flour", 6, cut, RetrievalMode.HYBRID, null);
      assertThat(rag.search(q)).allSatisfy(s -> assertThat(s.score()).isGreaterThanOrEqualTo(cut));
      RetrievalQuery impossible = new RetrievalQuery("bread", 6, 1.01, RetrievalMode.VECTOR, null);
      assertThat(rag.search(impossible)).isEmpty();
    }
  }

  @Test
  void segmentOffsetsIndexTheOriginalDocument() {
    String text =
        "Intro 😀 line.\n\n\n"
            + "A second paragraph that is long enough to need its own segment, about harbours. "
                .repeat(3);
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      rag.ingest(doc("o", text, Map.of()));
      List<RetrievedSegment> all = rag.search(RetrievalQuery.of("harbours intro line", 50));
      assertThat(all).hasSizeGreaterThan(1);
      for (RetrievedSegment s : all) {
        assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
        assertThat(s.codePointStart()).isEqualTo(text.codePointCount(0, s.start()));
      }
    }
  }

  @Test
  void htmlIsIngestedAsItsVisibleText() {
    String html =
        "<html><head><script>var x = 1;</script></head><body><h1>Tides</h1>"
            + "<p>The moon pulls the <b>oceans</b>.</p></body></html>";
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      rag.ingest(
          new IngestRequest(
              "h", html.getBytes(StandardCharsets.UTF_8), ContentType.HTML, null, null));
      RetrievedSegment hit = rag.search(RetrievalQuery.of("moon oceans", 1)).get(0);
      assertThat(hit.text()).contains("The moon pulls the oceans.").doesNotContain("var x");
      assertThat(rag.document("h").orElseThrow().contentType()).isEqualTo("text/html");
    }
  }

  @Test
  void pdfIsIngestedAsItsText() throws Exception {
    byte[] pdf;
    try (org.apache.pdfbox.pdmodel.PDDocument d = new org.apache.pdfbox.pdmodel.PDDocument();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream()) {
      org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
      d.addPage(page);
      try (org.apache.pdfbox.pdmodel.PDPageContentStream c =
          new org.apache.pdfbox.pdmodel.PDPageContentStream(d, page)) {
        c.beginText();
        c.setFont(
            new org.apache.pdfbox.pdmodel.font.PDType1Font(
                org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA),
            12);
        c.newLineAtOffset(72, 700);
        c.showText("Glaciers carve valleys over millennia.");
        c.endText();
      }
      d.save(bytes);
      pdf = bytes.toByteArray();
    }
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      rag.ingest(new IngestRequest("g", pdf, ContentType.PDF, "Glaciers", null));
      RetrievedSegment hit =
          rag.search(RetrievalQuery.of("glaciers valleys", 1).withMode(RetrievalMode.BM25)).get(0);
      assertThat(hit.documentId()).isEqualTo("g");
      assertThat(hit.text()).isEqualTo("Glaciers carve valleys over millennia.");
      assertThat(rag.document("g").orElseThrow().title()).isEqualTo("Glaciers");
    }
  }

  @Test
  void badInputFailsWithTypedErrors() {
    try (RetrievalService rag = open(new HashingEmbeddingModel())) {
      byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
      assertThatThrownBy(
              () -> rag.ingest(new IngestRequest("b", notUtf8, ContentType.TEXT, null, null)))
          .isInstanceOf(DocumentFormatException.class);
      assertThatThrownBy(
              () ->
                  rag.ingest(
                      new IngestRequest(
                          "p",
                          "not a pdf".getBytes(StandardCharsets.UTF_8),
                          ContentType.PDF,
                          null,
                          null)))
          .isInstanceOf(DocumentFormatException.class);
      assertThatThrownBy(() -> rag.ingest(doc("r", "text", Map.of("document_id", "forged"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reserved");
      assertThatThrownBy(
              () ->
                  rag.search(
                      new RetrievalQuery(
                          "q", 3, 0, RetrievalMode.VECTOR, metadataKey("a").containsString("b"))))
          .isInstanceOf(UnsupportedFilterException.class);
      assertThatThrownBy(() -> open(new HashingEmbeddingModel()))
          .isInstanceOf(StoreLockedException.class);
    }
  }

  @Test
  void elasticsearchAndOpenSearchFailAtStartupWithAnExplanation() {
    for (StoreKind kind : List.of(StoreKind.ELASTICSEARCH, StoreKind.OPENSEARCH)) {
      assertThatThrownBy(() -> RetrievalService.open(kind, dataDir, null, 384))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(kind.name().toLowerCase(java.util.Locale.ROOT))
          .hasMessageContaining("store=lucene");
    }
  }

  @Test
  void pgvectorWithoutConnectionSettingsFailsNamingTheOptions() {
    assertThatThrownBy(() -> RetrievalService.open(StoreKind.PGVECTOR, dataDir, null, 384))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("--pg-host")
        .hasMessageContaining("--pg-url");
  }

  private static List<String> search(RetrievalService rag, Filter filter) {
    return docIds(
        rag.search(
            new RetrievalQuery(
                "quarterly report trains phones announced", 20, 0, RetrievalMode.HYBRID, filter)));
  }
}
