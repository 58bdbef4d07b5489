/** BERT (and BERT-shaped models such as MiniLM), after transformers' {@code modeling_bert.py}. */
package dev.llmkit.inference.bert;
