package dev.llmkit.server.retrieval.ingest;

import java.util.Locale;

/** The document formats ingestion reads. */
public enum ContentType {
  TEXT("text/plain"),
  MARKDOWN("text/markdown"),
  HTML("text/html"),
  PDF("application/pdf");

  private final String mime;

  ContentType(String mime) {
    this.mime = mime;
  }

  /** The MIME type. */
  public String mime() {
    return mime;
  }

  /**
   * The type of a MIME string (parameters such as {@code ; charset=} ignored).
   *
   * @throws IllegalArgumentException naming the supported types
   */
  public static ContentType ofMime(String mime) {
    String bare = mime.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (ContentType t : values()) {
      if (t.mime.equals(bare)) {
        return t;
      }
    }
    if (bare.equals("text/x-markdown")) {
      return MARKDOWN;
    }
    if (bare.equals("application/xhtml+xml")) {
      return HTML;
    }
    throw new IllegalArgumentException(
        "unsupported content type '"
            + mime
            + "'; use text/plain, text/markdown, text/html or application/pdf");
  }

  /** The type of a file by its extension; plain text for unknown ones. */
  public static ContentType ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".md") || n.endsWith(".markdown")) {
      return MARKDOWN;
    }
    if (n.endsWith(".html") || n.endsWith(".htm") || n.endsWith(".xhtml")) {
      return HTML;
    }
    if (n.endsWith(".pdf")) {
      return PDF;
    }
    return TEXT;
  }
}
