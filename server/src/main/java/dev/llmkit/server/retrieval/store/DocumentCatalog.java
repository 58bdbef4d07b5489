package dev.llmkit.server.retrieval.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.document.Metadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/** Catalog entries ({@link StoredDocument}) as Lucene documents of kind {@code document}. */
final class DocumentCatalog {

  private static final String DOC_ID = "doc_key";
  private static final String ENTRY = "entry";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DocumentCatalog() {}

  static Query byId(String id) {
    return new TermQuery(new Term(DOC_ID, id));
  }

  static Document toLucene(StoredDocument d) {
    Document doc = new Document();
    doc.add(
        new StringField(LuceneEmbeddingStore.KIND, LuceneEmbeddingStore.DOCUMENT, Field.Store.NO));
    doc.add(new StringField(DOC_ID, d.id(), Field.Store.YES));
    ObjectNode entry = JSON.createObjectNode();
    entry.put("title", d.title());
    entry.put("content_type", d.contentType());
    entry.put("content_hash", d.contentHash());
    entry.put("segment_count", d.segmentCount());
    doc.add(new StoredField(ENTRY, entry.toString()));
    // The metadata keeps its types through the segment codec's stored form (not indexed here).
    Document meta = new Document();
    new MetadataCodec(java.util.Set.of()).write(d.metadata(), meta);
    doc.add(new StoredField(MetadataCodec.STORED, meta.get(MetadataCodec.STORED)));
    return doc;
  }

  static StoredDocument find(IndexSearcher s, String id) throws IOException {
    TopDocs top = s.search(byId(id), 1);
    return top.scoreDocs.length == 0 ? null : fromLucene(s, top.scoreDocs[0]);
  }

  static List<StoredDocument> all(IndexSearcher s) throws IOException {
    Query q = new TermQuery(new Term(LuceneEmbeddingStore.KIND, LuceneEmbeddingStore.DOCUMENT));
    int n = Math.max(1, s.count(q));
    List<StoredDocument> out = new ArrayList<>();
    for (ScoreDoc sd : s.search(q, n).scoreDocs) {
      out.add(fromLucene(s, sd));
    }
    out.sort(Comparator.comparing(StoredDocument::id));
    return out;
  }

  private static StoredDocument fromLucene(IndexSearcher s, ScoreDoc sd) throws IOException {
    Document doc = s.storedFields().document(sd.doc);
    try {
      JsonNode e = JSON.readTree(doc.get(ENTRY));
      Metadata metadata = MetadataCodec.read(doc);
      return new StoredDocument(
          doc.get(DOC_ID),
          e.get("title").asText(),
          e.get("content_type").asText(),
          e.get("content_hash").asText(),
          e.get("segment_count").asInt(),
          metadata);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("corrupt catalog entry " + doc.get(DOC_ID), ex);
    }
  }
}
