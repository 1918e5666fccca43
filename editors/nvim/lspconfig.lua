-- notesense with nvim-lspconfig's `require('lspconfig')` setup (Neovim 0.10, or setups that still
-- go through it): register the server once, then set it up like any other. Put this in init.lua
-- after lspconfig is loaded. On Neovim 0.11+ prefer notesense.lua (vim.lsp.config), which
-- lspconfig itself now recommends.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

local settings = {
  -- notes = { vim.fs.normalize('~/notes') },   -- default: [tool.notesense], NOTESENSE_NOTES, bundled notes
  lint = { enable = true },
  completion = { showAll = false },
}

if not configs.notesense then
  configs.notesense = {
    default_config = {
      cmd = { 'python3', '-m', 'notesense', 'serve' },
      filetypes = { 'python' },
      root_dir = util.root_pattern('pyproject.toml', 'setup.py', 'setup.cfg', '.git'),
      single_file_support = true,
      init_options = settings,
      settings = { notesense = settings },
    },
  }
end

require('lspconfig').notesense.setup({})
