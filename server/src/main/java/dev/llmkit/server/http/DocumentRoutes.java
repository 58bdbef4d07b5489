package dev.llmkit.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.retrieval.FilterJson;
import dev.llmkit.server.retrieval.RetrievalMode;
import dev.llmkit.server.retrieval.RetrievalQuery;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.retrieval.RetrievedSegment;
import dev.llmkit.server.retrieval.ingest.ContentType;
import dev.llmkit.server.retrieval.ingest.IngestRequest;
import dev.llmkit.server.retrieval.ingest.IngestResult;
import dev.llmkit.server.retrieval.store.StoredDocument;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The document routes of the retrieval layer: {@code POST /documents} (ingest), {@code GET
 * /documents} (catalog), {@code DELETE /documents/{id}} and {@code POST /search}. Without a
 * configured retrieval service they answer 404.
 */
public final class DocumentRoutes {

  /**
   * {@code POST /documents} body: {@code text}, or {@code content_base64} + {@code content_type}.
   */
  public record IngestBody(
      String id,
      String text,
      String contentBase64,
      String contentType,
      String title,
      Map<String, Object> metadata) {}

  /** {@code POST /search} body. */
  public record SearchBody(
      String query, Integer maxResults, Double minScore, String mode, JsonNode filter) {}

  /** One catalog entry on the wire. */
  public record DocumentView(
      String id,
      String title,
      String contentType,
      String contentHash,
      int segmentCount,
      Map<String, Object> metadata) {}

  /** One search hit on the wire: {@code start/end} in code points, {@code utf16_*} in chars. */
  public record Hit(
      String segmentId,
      String documentId,
      double score,
      String text,
      int start,
      int end,
      int utf16Start,
      int utf16End,
      Map<String, Object> metadata) {}

  /** The search response. */
  public record SearchResponse(List<Hit> results) {}

  /** The most results one search may ask for. */
  static final int MAX_RESULTS = 100;

  private final RetrievalService retrieval;
  private final long maxPayloadBytes;

  /** Routes over {@code retrieval} (null: not configured). */
  public DocumentRoutes(RetrievalService retrieval, long maxPayloadBytes) {
    this.retrieval = retrieval;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** {@code POST /documents}. */
  public void ingest(Context ctx) {
    RetrievalService rag = require();
    IngestBody body = Bodies.read(ctx, IngestBody.class, maxPayloadBytes);
    byte[] content;
    ContentType type;
    if (body.text() != null) {
      if (body.contentBase64() != null) {
        throw ApiException.validation("send either text or content_base64, not both");
      }
      content = Check.text("text", body.text()).getBytes(StandardCharsets.UTF_8);
      type = body.contentType() == null ? ContentType.TEXT : mime(body.contentType());
    } else if (body.contentBase64() != null) {
      if (body.contentType() == null) {
        throw ApiException.validation("content_type is required with content_base64");
      }
      try {
        content = Base64.getDecoder().decode(body.contentBase64());
      } catch (IllegalArgumentException e) {
        throw ApiException.validation("content_base64 is not valid base64");
      }
      type = mime(body.contentType());
    } else {
      throw ApiException.validation("send the document as text or content_base64 + content_type");
    }
    IngestResult result =
        rag.ingest(
            new IngestRequest(body.id(), content, type, body.title(), metadata(body.metadata())));
    ctx.status(result.status() == IngestResult.Status.UNCHANGED ? 200 : 201).json(result);
  }

  /** {@code GET /documents}. */
  public void list(Context ctx) {
    ctx.json(require().documents().stream().map(DocumentRoutes::view).toList());
  }

  /** {@code DELETE /documents/{id}}. */
  public void delete(Context ctx) {
    String id = ctx.pathParam("id");
    if (!require().delete(id)) {
      throw ApiException.of(ErrorType.NOT_FOUND, "no document with id '" + clip(id) + "'");
    }
    ctx.status(204);
  }

  /** {@code POST /search}. */
  public void search(Context ctx) {
    RetrievalService rag = require();
    SearchBody body = Bodies.read(ctx, SearchBody.class, maxPayloadBytes);
    String query = Check.text("query", body.query());
    if (query.isBlank()) {
      throw ApiException.validation("query must not be blank");
    }
    RetrievalQuery q = query(query, body.maxResults(), body.minScore(), body.mode(), body.filter());
    List<Hit> hits = rag.search(q).stream().map(DocumentRoutes::hit).toList();
    ctx.json(new SearchResponse(hits));
  }

  /** Builds a query from wire parameters (shared with the retrieval path of {@code /qa}). */
  static RetrievalQuery query(
      String text, Integer maxResults, Double minScore, String mode, JsonNode filter) {
    int n = Check.range("max_results", Check.orDefault(maxResults, 5), 1, MAX_RESULTS);
    double min = Check.orDefault(minScore, 0.0);
    if (!Double.isFinite(min)) {
      throw ApiException.validation("min_score must be a finite number");
    }
    RetrievalMode m;
    try {
      m =
          mode == null
              ? RetrievalMode.HYBRID
              : RetrievalMode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.validation("mode must be hybrid, vector or bm25");
    }
    Filter f = filter == null || filter.isNull() ? null : FilterJson.parse(filter);
    return new RetrievalQuery(text, n, min, m, f);
  }

  private RetrievalService require() {
    if (retrieval == null) {
      throw ApiException.of(
          ErrorType.NOT_FOUND, "document retrieval is not enabled on this server");
    }
    return retrieval;
  }

  private static ContentType mime(String mime) {
    try {
      return ContentType.ofMime(mime);
    } catch (IllegalArgumentException e) {
      throw ApiException.validation(e.getMessage());
    }
  }

  private static Metadata metadata(Map<String, Object> given) {
    Metadata m = new Metadata();
    if (given == null) {
      return m;
    }
    for (Map.Entry<String, Object> e : given.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String s) {
        m.put(e.getKey(), Check.text("metadata." + e.getKey(), s));
      } else if (v instanceof Integer i) {
        m.put(e.getKey(), i);
      } else if (v instanceof Long l) {
        m.put(e.getKey(), l);
      } else if (v instanceof Double d && Double.isFinite(d)) {
        m.put(e.getKey(), d);
      } else {
        throw ApiException.validation(
            "metadata." + clip(e.getKey()) + " must be a string or a finite number");
      }
    }
    return m;
  }

  static DocumentView view(StoredDocument d) {
    return new DocumentView(
        d.id(),
        d.title(),
        d.contentType(),
        d.contentHash(),
        d.segmentCount(),
        new LinkedHashMap<>(d.metadata().toMap()));
  }

  private static Hit hit(RetrievedSegment s) {
    return new Hit(
        s.segmentId(),
        s.documentId(),
        s.score(),
        s.text(),
        s.codePointStart(),
        s.codePointEnd(),
        s.start(),
        s.end(),
        new LinkedHashMap<>(s.metadata().toMap()));
  }

  private static String clip(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
