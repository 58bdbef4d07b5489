/**
 * Where the default model of each task lives: the models llmkit uses when {@code --model} is
 * omitted, offline. See {@link dev.llmkit.inference.defaults.DefaultModels}.
 */
package dev.llmkit.inference.defaults;
