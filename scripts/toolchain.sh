# Sourced by scripts/test and scripts/demo: makes sure a fresh Debian machine has
# cargo (via rustup), the wasm32 target, clippy and rustfmt. Installs only what is missing.

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "need root to run: $*" >&2
    return 1
  fi
}

ensure_toolchain() {
  # shellcheck disable=SC1091
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if ! command -v cc >/dev/null 2>&1; then
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends gcc libc6-dev ca-certificates
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    if ! command -v rustup >/dev/null 2>&1; then
      # Debian 13+ packages rustup; Debian 12 does not: fall back to rustup.rs.
      as_root apt-get update
      if ! as_root apt-get install -y --no-install-recommends rustup; then
        as_root apt-get install -y --no-install-recommends curl ca-certificates
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain none --profile minimal
        # shellcheck disable=SC1091
        . "$HOME/.cargo/env"
      fi
    fi
    rustup default stable
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
    local installed
    installed="$(rustup component list --installed)"
    grep -q '^clippy' <<<"$installed" || rustup component add clippy
    grep -q '^rustfmt' <<<"$installed" || rustup component add rustfmt
  fi
}

# The wasm-bindgen version pinned in Cargo.toml (`=X.Y.Z`), as resolved in Cargo.lock.
pinned_wasm_bindgen() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner) at exactly the pinned
# version: the CLI and the crate must agree. `--locked` can fail when a locked
# dependency is newer than the registry holds: then retry without it (~3 min on 2 cores).
ensure_wasm_bindgen() {
  ensure_toolchain
  local want have
  want="$(pinned_wasm_bindgen)"
  if [ -z "$want" ]; then
    echo "cannot read the wasm-bindgen version from Cargo.lock" >&2
    return 1
  fi
  have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" || true
  [ "$have" = "$want" ] && return 0
  echo "installing wasm-bindgen-cli $want (found: ${have:-none})" >&2
  cargo install wasm-bindgen-cli --version "$want" --locked ||
    cargo install wasm-bindgen-cli --version "$want"
}

# Node.js and npm, for the single-file build and the browser tests.
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends nodejs npm
  fi
}
