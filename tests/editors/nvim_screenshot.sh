#!/usr/bin/env bash
# A PNG of a real Neovim showing the notesense hover: tmux runs nvim with the plugin on 'runtimepath'
# (it starts the server for the first Python buffer) on the fixture project, `K` on `chunk` in `torch.chunk(...)` opens the hover float, `capture-pane -e`
# keeps the colours, aha turns them into HTML and headless Chromium renders it.
# Usage: nvim_screenshot.sh PROJECT OUT.png EXPECTED_TEXT [FILE [TOP_LINE [ROWS]]]
#   EXPECTED_TEXT: text the float must show before the capture (a fragment of the note).
#   FILE: the file opened (default train.py; analysis.ipynb shows a notebook as the JSON Neovim opens),
#   TOP_LINE: the line scrolled to the top first, ROWS: the terminal's height.
#   env: NOTESENSE_PYTHON (the plugin's `python` option, when `notesense` is not on PATH; default
#        python3), NOTESENSE_CHROMIUM (default chromium).
set -euo pipefail

project=$1 out=$2 expected=$3 file=${4:-train.py} top=${5:-1} rows=${6:-30}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${NOTESENSE_PYTHON:-python3}
cols=104
work=$(mktemp -d)
socket=notesense-shot-$$
trap 'tmux -u -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache XDG_CONFIG_HOME=$work/config

cat >"$work/init.lua" <<EOF
vim.cmd('filetype on | syntax on')
vim.o.termguicolors = true
vim.o.hlsearch = false
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.winborder = 'rounded'
vim.keymap.set('n', 'K', function() vim.lsp.buf.hover({ max_width = 84, max_height = 18 }) end)
vim.diagnostic.config({ virtual_text = { format = function(d) return ('%s %s'):format(d.code, d.message) end } })
vim.opt.runtimepath:prepend([[$repo]])
vim.g.notesense = { python = [[$python]] }
EOF

pane() { tmux -u -L "$socket" capture-pane -p -t shot "$@"; }
wait_for() { # wait_for TEXT SECONDS
  local deadline=$((SECONDS + $2))
  until pane | grep -qF -- "$1"; do
    if ((SECONDS > deadline)); then
      echo "nvim_screenshot: timed out waiting for '$1'; screen was:" >&2
      pane >&2
      return 1
    fi
    sleep 0.2
  done
}

tmux -u -L "$socket" -f /dev/null new-session -d -s shot -x "$cols" -y "$rows" -c "$project" \
  "TERM=tmux-256color nvim -u '$work/init.lua' '$file'"
tmux -u -L "$socket" send-keys -t shot ":$top" Enter zt
wait_for 'NS101' 30 # the server attached and linted the file
tmux -u -L "$socket" send-keys -t shot '/torch\.chunk' Enter 6l ':echo' Enter K
wait_for "$expected" 15
sleep 0.3

{
  printf '<!doctype html><meta charset="utf-8"><style>'
  printf 'body{margin:0;background:#14161b}pre{margin:0;padding:12px;font:15px/1.17 "DejaVu Sans Mono","WenQuanYi Micro Hei Mono",monospace;color:#e0e2ea}'
  printf '.w{display:inline-block;width:2ch;text-align:center}' # a wide character fills its two cells
  printf '</style><pre>'
  pane -e -N | aha --no-header | python3 -c '
import sys, unicodedata
for ch in sys.stdin.read():
    wide = unicodedata.east_asian_width(ch) in "WF"
    sys.stdout.write(f"<span class=\"w\">{ch}</span>" if wide else ch)'
  printf '</pre>'
} >"$work/screen.html"

"${NOTESENSE_CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$work/browser" --window-size=$((cols * 9 + 24)),$((rows * 18 + 24)) \
  --screenshot="$out" "file://$work/screen.html" >/dev/null 2>&1
test -s "$out"
echo "nvim_screenshot: wrote $out"
