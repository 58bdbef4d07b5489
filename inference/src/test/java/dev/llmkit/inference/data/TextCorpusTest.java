package dev.llmkit.inference.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {

  @Test
  void splitsBooksAtByteOrderMarksAndNormalisesLineEndings() {
    List<String> docs = TextCorpus.documents("\uFEFFBook one.\r\nEnd.\r\n\uFEFFBook two.\rEnd.");
    assertThat(docs).containsExactly("Book one.\nEnd.\n", "Book two.\nEnd.");
  }

  @Test
  void holdsBackTheEndOfEachBookFromALineStart() {
    // 10 lines of 10 chars ("line 0...\n"): the last 20% starts exactly at line 8.
    StringBuilder book = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      book.append("line ").append(i).append("...\n");
    }
    TextCorpus corpus = TextCorpus.split(List.of(book.toString(), book.toString()), 0.2);

    assertThat(corpus.validation())
        .containsExactly("line 8...\nline 9...\n", "line 8...\nline 9...\n");
    assertThat(corpus.train().get(0)).endsWith("line 7...\n").hasSize(80);
  }

  @Test
  void cutsAtTheNextLineStartWhenThePointFallsMidLine() {
    TextCorpus corpus = TextCorpus.split(List.of("aaaa\nbbb\ncc\n"), 0.25);
    // floor(12*0.75) = 9, which is the start of "cc": held out exactly.
    assertThat(corpus.validation()).containsExactly("cc\n");
    TextCorpus mid = TextCorpus.split(List.of("aaaa\nbbbbbbb\nc\n"), 0.3);
    // floor(15*0.7) = 10 falls inside "bbbbbbb": the cut moves to the start of "c".
    assertThat(mid.validation()).containsExactly("c\n");
    assertThat(mid.train()).containsExactly("aaaa\nbbbbbbb\n");
  }

  @Test
  void keepsABookWithoutALaterLineStartWholeForTraining() {
    TextCorpus corpus = TextCorpus.split(List.of("one single line"), 0.1);
    assertThat(corpus.train()).containsExactly("one single line");
    assertThat(corpus.validation()).isEmpty();
  }

  @Test
  void readsFilesInOrder(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.txt");
    Files.writeString(a, "\uFEFFx\r\ny\r\n", StandardCharsets.UTF_8);
    TextCorpus corpus = TextCorpus.read(List.of(a), 0.0);
    assertThat(corpus.train()).containsExactly("x\ny\n");
    assertThat(corpus.validation()).isEmpty();
  }

  @Test
  void rejectsAnUnreasonableFraction() {
    assertThatThrownBy(() -> TextCorpus.split(List.of("x"), 0.9))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
