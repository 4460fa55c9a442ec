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
