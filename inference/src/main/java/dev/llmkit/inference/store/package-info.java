/**
 * Model store: resolves {@code --model} values (a local directory or a Hugging Face Hub id {@code
 * org/name[@revision]}) to a local model directory, downloading into the Hugging Face cache layout
 * exactly as {@code huggingface_hub} does so models a user already has are reused without network.
 *
 * <p>Mirrors <a
 * href="https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/file_download.py">file_download.py</a>
 * ({@code hf_hub_download}, {@code get_hf_file_metadata}, {@code http_get}) and <a
 * href="https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/_snapshot_download.py">_snapshot_download.py</a>.
 */
package dev.llmkit.inference.store;
