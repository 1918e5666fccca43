-- notesense in the Neovim 0.11 `vim.lsp.config` form, as nvim-lspconfig ships its configs
-- (`lsp/<name>.lua`): for a setup without the notesense plugin, copy this file to
-- ~/.config/nvim/lsp/notesense.lua and call `vim.lsp.enable('notesense')`; change it with
-- `vim.lsp.config('notesense', { ... })`. The plugin (lsp/, plugin/, lua/ at the top of this
-- repository) builds the same config from its options and adds `:checkhealth notesense`.
--
-- Needs the `notesense` command on PATH (`pipx install notesense`); else set
-- cmd = { '/path/to/python', '-m', 'notesense', 'serve' }.

---@type vim.lsp.Config
return {
  cmd = { 'notesense', 'serve' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.py', 'setup.cfg', '.git' },
  -- Answers the server's workspace/configuration for section "notesense"; add
  -- notes = { vim.fs.normalize('~/notes') } to serve your own notes.
  settings = {
    notesense = {
      lint = { enable = true },
      completion = { showAll = false },
    },
  },
}
