package dev.llmkit.inference.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationOptionsTest {

  @Test
  void defaultsAreHuggingFaces() {
    GenerationOptions o = GenerationOptions.defaults();
    assertThat(o.maxNewTokens()).isEqualTo(20);
    assertThat(o.doSample()).isFalse();
    assertThat(o.temperature()).isEqualTo(1.0);
    assertThat(o.topK()).isEqualTo(50);
    assertThat(o.topP()).isEqualTo(1.0);
    assertThat(o.repetitionPenalty()).isEqualTo(1.0);
    assertThat(o.seed()).isNull();
    assertThat(o.stop()).isEmpty();
    assertThat(o.returnFullText()).isTrue();
    assertThat(o.numReturnSequences()).isEqualTo(1);
  }

  @Test
  void outOfRangeOptionsAreRejectedNamingTheOption() {
    assertInvalid(GenerationOptions.builder().doSample(true).temperature(0), "temperature");
    assertInvalid(GenerationOptions.builder().doSample(true).temperature(-1), "temperature");
    assertInvalid(GenerationOptions.builder().temperature(Double.NaN), "temperature");
    assertInvalid(GenerationOptions.builder().topP(0), "top_p");
    assertInvalid(GenerationOptions.builder().topP(1.5), "top_p");
    assertInvalid(GenerationOptions.builder().topP(Double.NaN), "top_p");
    assertInvalid(GenerationOptions.builder().topK(-1), "top_k");
    assertInvalid(GenerationOptions.builder().repetitionPenalty(0), "repetition_penalty");
    assertInvalid(GenerationOptions.builder().maxNewTokens(0), "max_new_tokens");
    assertInvalid(GenerationOptions.builder().numReturnSequences(2), "do_sample");
    assertInvalid(GenerationOptions.builder().stop(""), "stop");
    assertInvalid(GenerationOptions.builder().eosTokenId(-2L), "eos_token_id");
    assertInvalid(GenerationOptions.builder().topNTokens(-1), "top_n_tokens");
    assertInvalid(GenerationOptions.builder().topNTokens(21), "top_n_tokens");
  }

  @Test
  void greedyIgnoresTemperatureZeroAsHuggingFaceDoes() {
    assertThat(GenerationOptions.builder().temperature(0).build().doSample()).isFalse();
  }

  @Test
  void stopListIsCopied() {
    List<String> stops = new ArrayList<>(List.of("\n"));
    GenerationOptions o = GenerationOptions.builder().stop(stops).build();
    stops.add("x");
    assertThat(o.stop()).containsExactly("\n");
    assertThat(o.toBuilder().build()).isEqualTo(o);
  }

  private static void assertInvalid(GenerationOptions.Builder builder, String option) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(InvalidGenerationOptionsException.class)
        .hasMessageContaining(option);
  }
}
