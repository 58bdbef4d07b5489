#!/bin/sh
# The one recipe behind both images (docker/Dockerfile, FLAVOR=cpu|cuda): lays out /opt/llmkit from
# the app stage, puts libtorch in /opt/llmkit/libtorch and the tokenizers library in the DJL cache,
# and removes what the runtime does not need. Runs as root in the image's "prepare" stage; the
# runtime stage copies the result, so nothing deleted here costs a layer.
#   cpu:  libtorch is extracted from the pytorch-native-cpu jar, then the jar is deleted
#         (one copy of libtorch, not two).
#   cuda: the CPU jar is deleted first, then DJL downloads libtorch of $PYTORCH_FLAVOR (cu128)
#         once, at build time, so the container starts offline.
set -eu
flavor="${1:?usage: prepare-runtime.sh cpu|cuda}"
app=/opt/llmkit
cd "$app"

case "$flavor" in
  cpu)  online=false ;;
  cuda) online=true; rm -f lib/pytorch-native-cpu-*.jar ;;
  *)    echo "prepare-runtime: unknown flavor $flavor" >&2; exit 2 ;;
esac

# Starts the engine (extracting or downloading libtorch) and loads a tokenizer; no model is touched.
env -u PYTORCH_LIBRARY_PATH java -Dai.djl.offline="$online" -jar llmkit.jar warmup --engine-only

set -- "$DJL_CACHE_DIR"/pytorch/*/libtorch.so
if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
  echo "prepare-runtime: expected exactly one libtorch under $DJL_CACHE_DIR/pytorch, found: $*" >&2
  exit 1
fi
libtorch_dir="$(dirname "$1")"
case "$flavor" in
  cuda) case "$libtorch_dir" in *"$PYTORCH_FLAVOR"*) ;; *)
          echo "prepare-runtime: $libtorch_dir is not the $PYTORCH_FLAVOR build" >&2; exit 1 ;;
        esac ;;
esac
# One fixed place, named by PYTORCH_LIBRARY_PATH in the image: DJL loads it (and the JNI library
# beside it) without looking for a natives jar or a download.
if [ "${PYTORCH_LIBRARY_PATH:-}" != "$app/libtorch" ]; then
  echo "prepare-runtime: PYTORCH_LIBRARY_PATH must be $app/libtorch" >&2
  exit 1
fi
mv "$libtorch_dir" "$app/libtorch"
rm -rf "$DJL_CACHE_DIR/pytorch" lib/pytorch-native-cpu-*.jar
# The runtime's own layout, checked once: libtorch from PYTORCH_LIBRARY_PATH, no jar, offline.
java -Dai.djl.offline=true -jar llmkit.jar warmup --engine-only

if ls lib | grep -q '^onnxruntime'; then
  echo "prepare-runtime: lib/ carries onnxruntime, which no runtime path uses" >&2
  exit 1
fi
# Read-only for the llmkit user: it runs this code, it does not own it.
chmod -R a+rX,go-w "$app"
