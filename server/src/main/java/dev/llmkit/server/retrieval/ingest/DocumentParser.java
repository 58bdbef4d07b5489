package dev.llmkit.server.retrieval.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;

/**
 * Turns document bytes into the text that is indexed. That text is "the original document" that
 * segment and answer offsets index into: for plain text and Markdown it is the file itself
 * (Markdown is not rendered, so offsets point into the source the user wrote); for HTML it is
 * jsoup's visible text; for PDF it is PDFBox's text in reading order.
 */
public final class DocumentParser {

  private DocumentParser() {}

  /**
   * The document's text.
   *
   * @throws DocumentFormatException for invalid UTF-8 text, an unreadable PDF, or a document with
   *     no text
   */
  public static String text(byte[] content, ContentType type) {
    String text =
        switch (type) {
          case TEXT, MARKDOWN -> utf8(content);
          case HTML -> Jsoup.parse(utf8(content)).body().wholeText().strip();
          case PDF -> pdf(content);
        };
    if (text.isBlank()) {
      throw new DocumentFormatException("the document has no text");
    }
    return text;
  }

  private static String utf8(byte[] content) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      throw new DocumentFormatException("the document is not valid UTF-8 text");
    }
  }

  private static String pdf(byte[] content) {
    try (PDDocument pdf = Loader.loadPDF(content)) {
      return new PDFTextStripper().getText(pdf).strip();
    } catch (IOException e) {
      throw new DocumentFormatException("the PDF cannot be read: " + e.getMessage());
    }
  }
}
