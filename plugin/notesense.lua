-- notesense: no work at startup. The first Python buffer loads the plugin's Lua and, unless
-- `autostart = false`, enables the server (which then attaches to Python buffers).
if vim.g.loaded_notesense then
  return
end
vim.g.loaded_notesense = true

vim.api.nvim_create_autocmd('FileType', {
  group = vim.api.nvim_create_augroup('notesense.autostart', { clear = true }),
  pattern = 'python',
  once = true,
  callback = function()
    require('notesense').autostart()
  end,
})
