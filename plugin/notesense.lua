-- notesense: no work at startup. The first Python buffer (or .ipynb notebook) loads the plugin's Lua and, unless
-- `autostart = false`, enables the server (which then attaches to Python buffers).
if vim.g.loaded_notesense then
  return
end
vim.g.loaded_notesense = true

vim.api.nvim_create_autocmd('FileType', {
  group = vim.api.nvim_create_augroup('notesense.autostart', { clear = true }),
  pattern = { 'python', 'json' },
  callback = function(args)
    if require('notesense').served(args.buf) then
      require('notesense').autostart()
      return true -- once: the server is enabled now
    end
  end,
})
