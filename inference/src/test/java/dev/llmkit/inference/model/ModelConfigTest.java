package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.inference.bert.BertConfig;
import dev.llmkit.inference.distilbert.DistilBertConfig;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.roberta.RobertaConfig;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  private static ModelConfig parse(String json) {
    return ModelConfig.parse(json, "test/config.json");
  }

  @Test
  void architecturesDecideFamilyAndTask() {
    assertThat(parse("{\"architectures\":[\"DistilBertForQuestionAnswering\"]}").family())
        .isEqualTo(ModelFamily.DISTILBERT);
    ModelConfig bert = parse("{\"architectures\":[\"BertForTokenClassification\"]}");
    assertThat(bert.family()).isEqualTo(ModelFamily.BERT);
    assertThat(bert.task()).contains(ModelTask.TOKEN_CLASSIFICATION);
    assertThat(parse("{\"architectures\":[\"RobertaModel\"]}").task()).contains(ModelTask.BASE);
    assertThat(parse("{\"architectures\":[\"GPT2LMHeadModel\"]}").family())
        .isEqualTo(ModelFamily.GPT2);
    assertThat(parse("{\"architectures\":[\"GPT2LMHeadModel\"]}").task())
        .contains(ModelTask.CAUSAL_LM);
  }

  @Test
  void modelTypeIsTheFallback() {
    ModelConfig c = parse("{\"model_type\":\"roberta\"}");
    assertThat(c.family()).isEqualTo(ModelFamily.ROBERTA);
    assertThat(c.task()).isEmpty();
    // an unknown architecture name with a known model_type (e.g. a custom head)
    assertThat(parse("{\"architectures\":[\"MyBertThing\"],\"model_type\":\"bert\"}").family())
        .isEqualTo(ModelFamily.BERT);
  }

  @Test
  void unsupportedModelsAreRefusedWithTheSupportedList() {
    assertThatThrownBy(
            () -> parse("{\"architectures\":[\"XLNetLMHeadModel\"],\"model_type\":\"xlnet\"}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("test/config.json")
        .hasMessageContaining("XLNetLMHeadModel")
        .hasMessageContaining("xlnet")
        .hasMessageContaining(
            "bert (BertModel, BertForTokenClassification, BertForQuestionAnswering)")
        .hasMessageContaining("distilbert")
        .hasMessageContaining("roberta")
        .hasMessageContaining("gpt2");
    assertThatThrownBy(() -> parse("[1]")).isInstanceOf(ModelLoadException.class);
    assertThatThrownBy(() -> parse("{\"model_type\": "))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void familyConfigsMapTheirOwnFieldNamesAndDefaults() {
    BertConfig bert =
        BertConfig.from(
            parse(
                "{\"model_type\":\"bert\",\"hidden_size\":384,\"num_attention_heads\":12,\"hidden_act\":\"gelu\"}"));
    assertThat(bert.hiddenSize()).isEqualTo(384);
    assertThat(bert.headSize()).isEqualTo(32);
    assertThat(bert.numHiddenLayers()).isEqualTo(12); // BertConfig default
    assertThat(bert.layerNormEps()).isEqualTo(1e-12f);
    assertThat(bert.typeVocabSize()).isEqualTo(2);

    DistilBertConfig distil =
        DistilBertConfig.from(
            parse(
                "{\"model_type\":\"distilbert\",\"dim\":64,\"n_heads\":4,\"n_layers\":3,\"hidden_dim\":128}"));
    assertThat(distil.dim()).isEqualTo(64);
    assertThat(distil.nLayers()).isEqualTo(3);
    assertThat(distil.activation()).isEqualTo(Activation.GELU);

    RobertaConfig roberta =
        RobertaConfig.from(
            parse(
                "{\"model_type\":\"roberta\",\"max_position_embeddings\":514,\"hidden_act\":\"gelu_new\"}"));
    assertThat(roberta.paddingIdx()).isEqualTo(1);
    assertThat(roberta.maxSequenceLength()).isEqualTo(512);
    assertThat(roberta.bert().hiddenAct()).isEqualTo(Activation.GELU_TANH);
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(
            () -> BertConfig.from(parse("{\"model_type\":\"bert\",\"hidden_size\":\"big\"}")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'hidden_size' must be an integer");
    assertThatThrownBy(
            () ->
                BertConfig.from(
                    parse(
                        "{\"model_type\":\"bert\",\"hidden_size\":100,\"num_attention_heads\":12}")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not a multiple");
    assertThatThrownBy(
            () -> BertConfig.from(parse("{\"model_type\":\"bert\",\"hidden_act\":\"swish\"}")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("unsupported activation 'swish'")
        .hasMessageContaining("gelu_new");
    assertThatThrownBy(
            () -> BertConfig.from(parse("{\"model_type\":\"bert\",\"num_hidden_layers\":0}")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("must be positive");
  }

  @Test
  void labelsComeFromId2labelOrNumLabels() {
    assertThat(
            parse("{\"model_type\":\"bert\",\"id2label\":{\"1\":\"B\",\"0\":\"A\"}}")
                .labels()
                .names())
        .containsExactly("A", "B");
    assertThat(parse("{\"model_type\":\"bert\",\"num_labels\":3}").labels().names())
        .containsExactly("LABEL_0", "LABEL_1", "LABEL_2");
    assertThat(parse("{\"model_type\":\"bert\"}").labels().size()).isZero();
    assertThatThrownBy(
            () -> parse("{\"model_type\":\"bert\",\"id2label\":{\"0\":\"A\",\"2\":\"C\"}}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("id2label ids must be 0..1");
  }
}
