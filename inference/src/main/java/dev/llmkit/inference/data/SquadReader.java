package dev.llmkit.inference.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads SQuAD v1.1 JSON ({@code {"data": [{"title", "paragraphs": [{"context", "qas": [{"id",
 * "question", "answers": [{"text", "answer_start"}]}]}]}]}}) into flat {@link SquadExample}s.
 */
public final class SquadReader {

  private static final Logger LOG = LoggerFactory.getLogger(SquadReader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SquadReader() {}

  /** Reads one SQuAD file. */
  public static List<SquadExample> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(JSON.readTree(in), file.toString());
    } catch (IOException e) {
      throw new DataFormatException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Reads several files in order; question ids must stay unique across them. */
  public static List<SquadExample> read(List<Path> files) {
    List<SquadExample> all = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Path file : files) {
      for (SquadExample e : read(file)) {
        if (!ids.add(e.id())) {
          throw new DataFormatException(file + ": duplicate question id " + e.id());
        }
        all.add(e);
      }
    }
    return all;
  }

  /** Parses SQuAD JSON held in a string. */
  public static List<SquadExample> parse(String json) {
    try {
      return parse(JSON.readTree(json), "<string>");
    } catch (IOException e) {
      throw new DataFormatException("not valid JSON: " + e.getMessage(), e);
    }
  }

  private static List<SquadExample> parse(JsonNode root, String name) {
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      throw new DataFormatException(name + ": no top-level \"data\" array (not SQuAD JSON)");
    }
    List<SquadExample> out = new ArrayList<>();
    int misaligned = 0;
    for (JsonNode article : data) {
      String title = article.path("title").asText("");
      for (JsonNode paragraph : article.path("paragraphs")) {
        String context = text(paragraph, "context", name);
        for (JsonNode qa : paragraph.path("qas")) {
          String id = text(qa, "id", name);
          String question = text(qa, "question", name);
          List<SquadAnswer> answers = new ArrayList<>();
          for (JsonNode a : qa.path("answers")) {
            String answer = text(a, "text", name);
            JsonNode startNode = a.get("answer_start");
            if (startNode == null || !startNode.canConvertToInt()) {
              throw new DataFormatException(name + ": question " + id + ": bad answer_start");
            }
            int codePoints = startNode.asInt();
            if (codePoints < 0 || codePoints > context.codePointCount(0, context.length())) {
              throw new DataFormatException(
                  name + ": question " + id + ": answer_start " + codePoints + " out of range");
            }
            int start = context.offsetByCodePoints(0, codePoints);
            if (!context.startsWith(answer, start)) {
              misaligned++;
            }
            answers.add(new SquadAnswer(answer, start));
          }
          out.add(new SquadExample(id, title, context, question, answers));
        }
      }
    }
    if (misaligned > 0) {
      LOG.warn("{}: {} answers do not match the context at answer_start", name, misaligned);
    }
    return out;
  }

  private static String text(JsonNode node, String field, String name) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new DataFormatException(name + ": missing text field \"" + field + "\"");
    }
    return value.asText();
  }
}
