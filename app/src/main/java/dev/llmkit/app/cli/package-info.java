/** What the model commands share: model options, error handling, JSON output, text input. */
package dev.llmkit.app.cli;
