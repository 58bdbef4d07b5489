package dev.llmkit.server.service;

/**
 * Effective extractive question-answering parameters, HF {@code QuestionAnsweringPipeline} names
 * and defaults.
 *
 * @param topK answers returned
 * @param docStride overlapping tokens between context windows
 * @param maxAnswerLen longest answer in tokens
 * @param maxSeqLen window length in tokens (question + context + specials)
 * @param maxQuestionLen longest question in tokens
 * @param handleImpossibleAnswer whether the empty answer may win
 */
public record QaParameters(
    int topK,
    int docStride,
    int maxAnswerLen,
    int maxSeqLen,
    int maxQuestionLen,
    boolean handleImpossibleAnswer) {}
