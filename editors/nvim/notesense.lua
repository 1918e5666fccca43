-- notesense for Neovim 0.11+: hover docs from your notes (K), completion with snippet expansion,
-- diagnostics (NS101 …) and their code actions (gra), in Python files and Jupyter notebooks (.ipynb).
--
-- Use it as it is: copy this file to ~/.config/nvim/plugin/notesense.lua, or from init.lua
--   dofile('/path/to/notesense/editors/nvim/notesense.lua')
-- Options, set before this file runs (all optional):
--   vim.g.notesense_python = '/path/to/venv/bin/python'   -- a Python with notesense installed
--   vim.g.notesense_settings = { notes = { '~/notes' }, lint = { enable = true }, completion = { showAll = false } }

local settings = vim.tbl_deep_extend('force', {
  lint = { enable = true },
  completion = { showAll = false },
}, vim.g.notesense_settings or {})
if settings.notes then
  settings.notes = vim.tbl_map(vim.fs.normalize, settings.notes)
end

local root_markers = { 'pyproject.toml', 'setup.py', 'setup.cfg', '.git' }

vim.lsp.config('notesense', {
  cmd = { vim.g.notesense_python or 'python3', '-m', 'notesense', 'serve' },
  -- Jupyter notebooks open as JSON: the server reads an .ipynb's code cells as one program and
  -- answers inside their source strings. Other JSON files are left alone.
  filetypes = { 'python', 'json' },
  root_dir = function(bufnr, on_dir)
    if vim.bo[bufnr].filetype ~= 'json' or vim.api.nvim_buf_get_name(bufnr):lower():match('%.ipynb$') then
      on_dir(vim.fs.root(bufnr, root_markers))
    end
  end,
  init_options = settings,
  -- Answers the server's workspace/configuration request for section "notesense".
  settings = { notesense = settings },
})
vim.lsp.enable('notesense')

-- Neovim's own completion expands the notes' snippets (vim.snippet) and applies the import edits.
vim.api.nvim_create_autocmd('LspAttach', {
  group = vim.api.nvim_create_augroup('notesense', { clear = true }),
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client and client.name == 'notesense' then
      vim.lsp.completion.enable(true, client.id, args.buf, { autotrigger = true })
    end
  end,
})
