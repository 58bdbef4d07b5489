package dev.llmkit.server.service;

import java.util.List;

/** Tokenizes and decodes text with a model's tokenizer. Cheap: runs on the request thread. */
public interface TokenizationService extends ModelService {

  /** The tokens of {@code text}, with {@code [CLS]}/{@code [SEP]} etc. when asked. */
  List<TokenSpan> tokenize(String text, boolean addSpecialTokens);

  /** The text of {@code ids}; every id is in {@code [0, vocabSize())}. */
  String decode(long[] ids, boolean skipSpecialTokens);

  /** Size of the vocabulary: valid ids are below it. */
  int vocabSize();
}
