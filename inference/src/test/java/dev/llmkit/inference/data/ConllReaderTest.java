package dev.llmkit.inference.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConllReaderTest {

  // Invented sentences in CoNLL-2003 layout (token POS chunk NER).
  private static final String IOB2 =
      "-DOCSTART- -X- -X- O\n"
          + "\n"
          + "Anna NNP B-NP B-PER\n"
          + "Berg NNP I-NP I-PER\n"
          + "visits VBZ B-VP O\n"
          + "Oslo NNP B-NP B-LOC\n"
          + ". . O O\n"
          + "\n"
          + "Acme NNP B-NP B-ORG\n"
          + "Corp NNP I-NP I-ORG\n"
          + "\n"
          + "-DOCSTART- -X- -X- O\n"
          + "\n"
          + "Norwegian JJ B-NP B-MISC\n"
          + "wins VBZ B-VP O";

  @Test
  void readsSentencesDocumentsAndLabelsFromTheData() {
    ConllDataset data = ConllReader.lastColumn().read(IOB2);

    assertThat(data.sentences()).hasSize(3);
    assertThat(data.documents()).isEqualTo(2);
    assertThat(data.sentences().get(0).tokens())
        .containsExactly("Anna", "Berg", "visits", "Oslo", ".");
    assertThat(data.sentences().get(0).tags()).containsExactly("B-PER", "I-PER", "O", "B-LOC", "O");
    assertThat(data.sentences().get(2).tags()).containsExactly("B-MISC", "O");
    assertThat(data.labels())
        .containsExactly(
            "O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PER", "I-PER");
    assertThat(data.entityTypes()).containsExactly("LOC", "MISC", "ORG", "PER");
    assertThat(data.sourceScheme()).isEqualTo(TagScheme.IOB2);
    assertThat(data.tokenCount()).isEqualTo(9);
  }

  @Test
  void convertsIob1ToIob2AsConllevalReadsTheChunks() {
    String iob1 = "Anna I-PER\nBerg I-PER\nBo B-PER\nsaw O\nOslo I-LOC\nAcme I-ORG\nBank I-ORG\n";

    ConllDataset data = ConllReader.lastColumn().read(iob1);

    assertThat(data.sourceScheme()).isEqualTo(TagScheme.IOB1);
    assertThat(data.sentences().get(0).tags())
        .containsExactly("B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG", "I-ORG");
  }

  @Test
  void iob2InputIsLeftUnchangedByTheConversion() {
    List<String> tags = List.of("B-PER", "I-PER", "B-PER", "O", "B-LOC");
    assertThat(ConllReader.toIob2(tags)).isEqualTo(tags);
  }

  @Test
  void toleratesCrlfByteOrderMarkAndMissingFinalNewline() {
    ConllDataset data = ConllReader.lastColumn().read("\uFEFFAnna B-PER\r\nruns O\r\n\r\nBo B-PER");

    assertThat(data.sentences()).hasSize(2);
    assertThat(data.sentences().get(0).tokens()).containsExactly("Anna", "runs");
    assertThat(data.sentences().get(1).tags()).containsExactly("B-PER");
  }

  @Test
  void readsAChosenColumn() {
    ConllDataset data = ConllReader.column(1).read("Anna B-PER x\nruns O y\n");
    assertThat(data.sentences().get(0).tags()).containsExactly("B-PER", "O");
  }

  @Test
  void rejectsAMalformedTagWithItsLineNumber() {
    assertThatThrownBy(() -> ConllReader.lastColumn().read("Anna B-PER\nruns PERSON\n"))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(":2:")
        .hasMessageContaining("PERSON");
  }

  @Test
  void rejectsALineWithoutATag() {
    assertThatThrownBy(() -> ConllReader.lastColumn().read("Anna\n"))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(":1:");
  }

  @Test
  void rejectsAFileWithoutSentences() {
    assertThatThrownBy(() -> ConllReader.lastColumn().read("-DOCSTART- -X- -X- O\n\n"))
        .isInstanceOf(DataFormatException.class);
  }
}
