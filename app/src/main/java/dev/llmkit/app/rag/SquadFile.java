package dev.llmkit.app.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A SQuAD v1.1 file: articles, paragraphs, questions with their gold answers. */
public record SquadFile(List<Article> articles) {

  /** One article. */
  public record Article(String title, List<Paragraph> paragraphs) {}

  /** One paragraph and its questions. */
  public record Paragraph(String context, List<Question> questions) {}

  /** One question and its gold answer texts. */
  public record Question(String id, String question, List<String> answers) {}

  /** Reads a file. */
  public static SquadFile read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<Article> articles = new ArrayList<>();
    for (JsonNode a : root.get("data")) {
      List<Paragraph> paragraphs = new ArrayList<>();
      for (JsonNode p : a.get("paragraphs")) {
        List<Question> questions = new ArrayList<>();
        for (JsonNode q : p.get("qas")) {
          List<String> answers = new ArrayList<>();
          q.get("answers").forEach(ans -> answers.add(ans.get("text").asText()));
          questions.add(new Question(q.get("id").asText(), q.get("question").asText(), answers));
        }
        paragraphs.add(new Paragraph(p.get("context").asText(), questions));
      }
      articles.add(new Article(a.get("title").asText(), paragraphs));
    }
    return new SquadFile(articles);
  }
}
