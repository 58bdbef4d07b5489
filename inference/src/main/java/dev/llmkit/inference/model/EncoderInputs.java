package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.nn.Extrema;

/** Checks encoder inputs up front so that bad input is a typed error, not a native one. */
public final class EncoderInputs {

  private EncoderInputs() {}

  /**
   * @param vocabSize rows of the word embedding table
   * @param typeVocabSize rows of the token-type table (ignored when {@code tokenTypeIds} is null)
   * @param maxLength longest allowed sequence
   * @return whether some position is padding (the mask holds a 0), so that attention needs a mask
   * @throws ModelInputException describing the first problem found
   */
  public static boolean validate(
      NDArray inputIds,
      NDArray attentionMask,
      NDArray tokenTypeIds,
      long vocabSize,
      long typeVocabSize,
      int maxLength) {
    if (inputIds == null || attentionMask == null) {
      throw new ModelInputException("inputIds and attentionMask are required");
    }
    Shape shape = inputIds.getShape();
    if (shape.dimension() != 2 || shape.get(0) == 0 || shape.get(1) == 0) {
      throw new ModelInputException("inputIds must be a non-empty (B, T) array, got " + shape);
    }
    requireInt64("inputIds", inputIds);
    requireInt64("attentionMask", attentionMask);
    if (!attentionMask.getShape().equals(shape)) {
      throw new ModelInputException(
          "attentionMask " + attentionMask.getShape() + " does not match inputIds " + shape);
    }
    if (shape.get(1) > maxLength) {
      throw new ModelInputException(
          "sequence length " + shape.get(1) + " exceeds the model's maximum of " + maxLength);
    }
    if (tokenTypeIds != null) {
      requireInt64("tokenTypeIds", tokenTypeIds);
      if (!tokenTypeIds.getShape().equals(shape)) {
        throw new ModelInputException(
            "tokenTypeIds " + tokenTypeIds.getShape() + " does not match inputIds " + shape);
      }
    }
    // {ids min, ids max, mask min, mask max, types min, types max}
    long[] extrema =
        tokenTypeIds == null
            ? Extrema.of(inputIds, attentionMask)
            : Extrema.of(inputIds, attentionMask, tokenTypeIds);
    checkRange("inputIds", extrema[0], extrema[1], vocabSize);
    if (tokenTypeIds != null) {
      checkRange("tokenTypeIds", extrema[4], extrema[5], typeVocabSize);
    }
    return extrema[2] != 1;
  }

  private static void requireInt64(String name, NDArray a) {
    if (a.getDataType() != DataType.INT64) {
      throw new ModelInputException(name + " must be INT64, got " + a.getDataType());
    }
  }

  private static void checkRange(String name, long min, long max, long size) {
    if (min < 0 || max >= size) {
      throw new ModelInputException(
          name + " must lie in [0, " + size + "), found values from " + min + " to " + max);
    }
  }
}
