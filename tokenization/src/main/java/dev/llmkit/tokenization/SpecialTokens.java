package dev.llmkit.tokenization;

import java.util.OptionalLong;

/**
 * The ids of a tokenizer's special tokens; each is empty when the tokenizer has no such token
 * (GPT-2 has no {@code pad}, BERT no {@code bos}/{@code eos}).
 *
 * @param cls classification token ({@code [CLS]}, {@code <s>})
 * @param sep separator ({@code [SEP]}, {@code </s>})
 * @param pad padding
 * @param unk unknown-word token
 * @param mask masked-language-model token
 * @param bos beginning of sequence ({@code <|endoftext|>} for GPT-2)
 * @param eos end of sequence ({@code <|endoftext|>} for GPT-2)
 */
public record SpecialTokens(
    OptionalLong cls,
    OptionalLong sep,
    OptionalLong pad,
    OptionalLong unk,
    OptionalLong mask,
    OptionalLong bos,
    OptionalLong eos) {}
