/** RoBERTa, after transformers' {@code modeling_roberta.py}: BERT layers, RoBERTa positions. */
package dev.llmkit.inference.roberta;
