-- A pitfall from the user's own note, in a real headless Neovim 0.11 with the shipped config:
-- `nvim --headless -u NONE -l nvim_learned.lua`. The note folder is given in notesense settings;
-- opening the program shows the learned rule as a hint in the note's words, its code action fixes
-- the line, and a pair appended to the note adds a diagnostic without restarting anything.
-- Environment: NOTESENSE_CONFIG, NOTESENSE_PYTHON, NOTESENSE_NOTES (folder), NOTESENSE_NOTE (the note
-- file), NOTESENSE_PROGRAM (the file to open), NOTESENSE_ADDED (text to append to the note),
-- NOTESENSE_WORDS (JSON: the two messages' first words), NOTESENSE_RESULT (JSON out).

local env = vim.env
local words = vim.json.decode(env.NOTESENSE_WORDS)
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'nvim_helpers.lua'))
local check, wait_for = h.check, h.wait_for

local function learned(buf)
  return vim.tbl_filter(function(d)
    return d.source == 'notesense' and tostring(d.code):match('^NSN%d+$')
  end, vim.diagnostic.get(buf))
end

vim.cmd('filetype on')
vim.g.notesense_python = env.NOTESENSE_PYTHON
vim.g.notesense_settings = { notes = { env.NOTESENSE_NOTES } }
dofile(env.NOTESENSE_CONFIG)
vim.cmd.edit(env.NOTESENSE_PROGRAM)
local buf = vim.api.nvim_get_current_buf()
local client = wait_for('the notesense client', 20000, function()
  return vim.lsp.get_clients({ bufnr = buf, name = 'notesense' })[1]
end)

check('hint-in-the-notes-words', function()
  local found = wait_for('a learned diagnostic', 30000, function()
    local d = learned(buf)
    return #d > 0 and d
  end)
  assert(#found == 1, vim.inspect(found))
  local d = found[1]
  assert(d.severity == vim.diagnostic.severity.HINT, 'severity ' .. tostring(d.severity))
  assert(d.message:find(words[1], 1, true), 'message: ' .. d.message)
  local href = d.user_data.lsp.codeDescription and d.user_data.lsp.codeDescription.href or ''
  assert(href:find(vim.uri_from_fname(env.NOTESENSE_NOTE), 1, true), 'note link: ' .. href)
  return { code = d.code, line = d.lnum, message = d.message }
end)

check('quick-fix-applies', function()
  local d = learned(buf)[1]
  local before = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  local response = client:request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = d.user_data.lsp.range,
    context = { diagnostics = { d.user_data.lsp }, only = { 'quickfix' } },
  }, 10000, buf)
  local fix
  for _, action in ipairs(response and response.result or {}) do
    if action.edit and not fix then
      fix = action
    end
  end
  assert(fix, 'no quick fix: ' .. vim.inspect(response))
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  local after = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  assert(after ~= before and after:find('transpose()', 1, true), 'after the fix: ' .. after)
  wait_for('the learned diagnostic to go', 15000, function()
    return #learned(buf) == 0
  end)
  return { before = before, after = after }
end)

check('note-edit-changes-diagnostics', function()
  local note = assert(io.open(env.NOTESENSE_NOTE, 'a'))
  note:write(env.NOTESENSE_ADDED)
  note:close()
  local found = wait_for('a diagnostic from the pair added to the note', 30000, function()
    local d = learned(buf)
    return #d > 0 and d
  end)
  assert(found[1].message:find(words[2], 1, true), 'message: ' .. found[1].message)
  return { code = found[1].code, line = found[1].lnum }
end)

h.finish(env.NOTESENSE_RESULT, 3)
