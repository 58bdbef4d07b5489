/** DistilBERT, after transformers' {@code modeling_distilbert.py}. */
package dev.llmkit.inference.distilbert;
