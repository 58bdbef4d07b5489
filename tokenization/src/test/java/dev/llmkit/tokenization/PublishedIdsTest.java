package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ids published by Hugging Face, OpenAI and others for known strings; each source is cited. */
class PublishedIdsTest {

  private static Tokenizer cased;
  private static Tokenizer uncased;
  private static Tokenizer gpt2;

  @BeforeAll
  static void load() {
    cased = Tokenizer.embedded("bert-base-cased");
    uncased = Tokenizer.embedded("bert-base-uncased");
    gpt2 = Tokenizer.embedded("gpt2");
  }

  @AfterAll
  static void close() {
    cased.close();
    uncased.close();
    gpt2.close();
  }

  @Test
  void gpt2HelloWorldIsTwoTokens() {
    // Issue 2 of this project; also the GPT-2 model card examples.
    assertThat(gpt2.encode("Hello world").ids()).containsExactly(15496, 995);
  }

  @Test
  void gpt2MatchesTiktokensPublicTest() {
    // openai/tiktoken tests/test_simple_public.py: gpt2 "hello world" -> [31373, 995] and
    // "hello <|endoftext|>" (special allowed) -> [31373, 220, 50256].
    assertThat(gpt2.encode("hello world").ids()).containsExactly(31373, 995);
    assertThat(gpt2.encode("hello <|endoftext|>").ids()).containsExactly(31373, 220, 50256);
    assertThat(gpt2.decode(new long[] {31373, 995}, false)).isEqualTo("hello world");
  }

  @Test
  void gpt2MatchesTransformersGenerationTestInput() {
    // huggingface/transformers GPT-2 generation test cases: "The dog is cute" -> [464, 3290, 318,
    // 13779] (distilgpt2 shares the gpt2 tokenizer). tiktoken gpt2 examples give "Hello, world!"
    // -> [15496, 11, 995, 0].
    assertThat(gpt2.encode("The dog is cute").ids()).containsExactly(464, 3290, 318, 13779);
    assertThat(gpt2.encode("Hello, world!").ids()).containsExactly(15496, 11, 995, 0);
  }

  @Test
  void bertUncasedHelloWorldIsWrappedInClsAndSep() {
    assertThat(uncased.encode("hello world").ids()).containsExactly(101, 7592, 2088, 102);
  }

  @Test
  void bertUncasedMatchesPublishedDatasetIds() {
    // Hugging Face dataset leeoxiang/variable-length-token-ids-demo (bert-base-uncased ids).
    assertThat(uncased.encode("Hello world").ids()).containsExactly(101, 7592, 2088, 102);
    assertThat(uncased.encode("How are you doing today?").ids())
        .containsExactly(101, 2129, 2024, 2017, 2725, 2651, 1029, 102);
    assertThat(uncased.encode("HuggingFace datasets are awesome!").ids())
        .containsExactly(101, 17662, 12172, 2951, 13462, 2015, 2024, 12476, 999, 102);
    assertThat(uncased.encode("Variable length token lists work great with Sequence type.").ids())
        .containsExactly(101, 8023, 3091, 19204, 7201, 2147, 2307, 2007, 5537, 2828, 1012, 102);
    // 短 is not in the vocabulary: the whole CJK character becomes [UNK] (100).
    assertThat(uncased.encode("短文本").ids()).containsExactly(101, 100, 1861, 1876, 102);
  }

  @Test
  void bertUncasedMatchesTheBertModelDocstringExample() {
    // transformers BertModel examples, "Hello, my dog is cute." as printed in public notebooks:
    // 101, 7592, 1010, 2026, 3899, 2003, 10140, 1012, 102.
    assertThat(uncased.encode("Hello, my dog is cute.").ids())
        .containsExactly(101, 7592, 1010, 2026, 3899, 2003, 10140, 1012, 102);
  }

  @Test
  void bertCasedMatchesTheHuggingFaceCourse() {
    // Hugging Face NLP course, chapter 2 "Tokenizers" (bert-base-cased): tokens Using a transform
    // ##er network is simple -> [7993, 170, 11303, 1200, 2443, 1110, 3014].
    // The course's text has a lower-case "transformer".
    Encoding e = cased.encode("Using a transformer network is simple", false);
    assertThat(e.tokens())
        .containsExactly("Using", "a", "transform", "##er", "network", "is", "simple");
    assertThat(e.ids()).containsExactly(7993, 170, 11303, 1200, 2443, 1110, 3014);
  }

  @Test
  void bertCasedMatchesTheTransformersGlossary() {
    // https://huggingface.co/docs/transformers/glossary (bert-base-cased, "input IDs").
    Encoding e = cased.encode("A Titan RTX has 24GB of VRAM");
    assertThat(e.tokens())
        .containsExactly(
            "[CLS]", "A", "Titan", "R", "##T", "##X", "has", "24", "##GB", "of", "V", "##RA", "##M",
            "[SEP]");
    assertThat(e.ids())
        .containsExactly(
            101, 138, 18696, 155, 1942, 3190, 1144, 1572, 13745, 1104, 159, 9664, 2107, 102);
  }
}
