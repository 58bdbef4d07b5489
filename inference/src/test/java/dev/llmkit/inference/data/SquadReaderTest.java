package dev.llmkit.inference.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadReaderTest {

  @Test
  void flattensArticlesParagraphsAndQuestions() {
    String json =
        "{\"data\":[{\"title\":\"T\",\"paragraphs\":[{\"context\":\"Paris is in France.\","
            + "\"qas\":[{\"id\":\"q1\",\"question\":\"Where is Paris?\","
            + "\"answers\":[{\"answer_start\":12,\"text\":\"France\"},"
            + "{\"answer_start\":12,\"text\":\"France.\"}]}]}]}],\"version\":\"1.1\"}";

    List<SquadExample> examples = SquadReader.parse(json);

    assertThat(examples).hasSize(1);
    SquadExample e = examples.get(0);
    assertThat(e.id()).isEqualTo("q1");
    assertThat(e.title()).isEqualTo("T");
    assertThat(e.question()).isEqualTo("Where is Paris?");
    assertThat(e.answers()).extracting(SquadAnswer::text).containsExactly("France", "France.");
    assertThat(e.context().substring(e.answers().get(0).start(), e.answers().get(0).end()))
        .isEqualTo("France");
  }

  @Test
  void answerStartCountsCodePointsAsPythonDoes() {
    // "\uD83D\uDE00" is one code point (U+1F600) but two UTF-16 chars: Python's offset 2 is
    // Java's offset 3.
    String json =
        "{\"data\":[{\"title\":\"T\",\"paragraphs\":[{\"context\":\"\\uD83D\\uDE00 Bob\","
            + "\"qas\":[{\"id\":\"q\",\"question\":\"Who?\","
            + "\"answers\":[{\"answer_start\":2,\"text\":\"Bob\"}]}]}]}]}";

    SquadAnswer answer = SquadReader.parse(json).get(0).answers().get(0);

    assertThat(answer.start()).isEqualTo(3);
    assertThat(answer.end()).isEqualTo(6);
  }

  @Test
  void rejectsJsonThatIsNotSquad() {
    assertThatThrownBy(() -> SquadReader.parse("{\"version\":\"1.1\"}"))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("data");
    assertThatThrownBy(() -> SquadReader.parse("{not json"))
        .isInstanceOf(DataFormatException.class);
  }

  @Test
  void rejectsAnAnswerStartOutsideTheContext() {
    String json =
        "{\"data\":[{\"paragraphs\":[{\"context\":\"abc\",\"qas\":[{\"id\":\"q\","
            + "\"question\":\"?\",\"answers\":[{\"answer_start\":9,\"text\":\"x\"}]}]}]}]}";
    assertThatThrownBy(() -> SquadReader.parse(json))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("out of range");
  }
}
