-- The notesense language server for Neovim 0.11+ `vim.lsp.config` / `vim.lsp.enable('notesense')`,
-- built from the plugin's options (require('notesense').setup(opts) or vim.g.notesense).
return require('notesense').config()
