-- notesense in a real Neovim 0.11, headless, with the plugin installed the way a plugin manager does
-- it: on 'runtimepath' only (`nvim --headless -u NORC --cmd 'set rtp^=<repo>' -l nvim_e2e.lua`), so
-- Neovim itself loads plugin/notesense.lua at startup and lsp/notesense.lua when the server is enabled.
-- NOTESENSE_MODE picks what is checked, on a copy of the fixture project:
--   enable     (default) with `autostart = false` nothing starts until `vim.lsp.enable('notesense')`;
--              then the hover on `chunk` in `torch.chunk(...)` shows the note's Chinese prose,
--              completion offers the note snippet and vim.snippet.expand inserts it with the file's
--              alias, the NS101 diagnostic appears and its code action fixes the line, all of that
--              goes on while the last line is half-typed (`y = torch.`, an unclosed bracket), and
--              `:checkhealth notesense` reports OK and no ERROR; the `locale` option is zh_CN, so the
--              NS101 message is the rule's Chinese hint (NOTESENSE_NS101_ZH); and in the fixture's
--              real .ipynb opened as the JSON it is: hover, NS101 in its cell's source string, the fix;
--   autostart  the plugin loads nothing for a non-Python buffer and starts the server by itself on
--              the first Python one;
--   missing    no server anywhere: `:checkhealth notesense` reports an ERROR with what to install.
-- Environment: NOTESENSE_PYTHON (the `python` option), NOTESENSE_PROJECT (fixture copy),
-- NOTESENSE_EXPECT_HOVER (JSON list of Chinese fragments, one must appear), NOTESENSE_RESULT (JSON out).
-- Exits 1 when any check fails.

local env = vim.env
local h = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)), 'nvim_helpers.lua'))
local check, wait_for = h.check, h.wait_for

local function notesense_client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'notesense' })[1]
end

local function open(name)
  vim.cmd.edit(vim.fs.joinpath(env.NOTESENSE_PROJECT, name))
  local buf = vim.api.nvim_get_current_buf()
  local client = wait_for('the notesense client to attach to ' .. name, 20000, function()
    return notesense_client(buf)
  end)
  return buf, client
end

-- 0-based (line, UTF-16 column) of `word` inside the first line containing `needle`.
local function find(buf, needle, word)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local at = line:find(needle, 1, true)
    if at then
      local col = line:find(word, at, true) - 1
      return i - 1, vim.str_utfindex(line, 'utf-16', col)
    end
  end
  error(('no line contains %q'):format(needle))
end

local function request(client, buf, method, params)
  local response, err = client:request_sync(method, params, 10000, buf)
  assert(response, ('%s: %s'):format(method, err or 'no response'))
  assert(not response.err, ('%s: %s'):format(method, vim.inspect(response.err)))
  return response.result
end

local function position_params(buf, line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
end

local function hover_text(result)
  local contents = result and result.contents
  if type(contents) == 'string' then
    return contents
  elseif contents and contents.value then
    return contents.value
  elseif type(contents) == 'table' then
    return table.concat(vim.tbl_map(function(c)
      return type(c) == 'string' and c or c.value
    end, contents), '\n')
  end
  return ''
end

local function ns101(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'NS101' and d.source == 'notesense' then
      return d
    end
  end
end

--- `:checkhealth notesense` as a person reads it: the report's lines, and its OK/WARNING/ERROR lines.
local function checkhealth()
  vim.cmd('checkhealth notesense')
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local function marked(word)
    return vim.tbl_filter(function(line)
      return line:find('^%s*%- [^%w]*' .. word .. ' ') -- `- ✅ OK …`, `- ❌ ERROR …`
    end, lines)
  end
  vim.cmd('tabclose')
  return { lines = lines, ok = marked('OK'), warnings = marked('WARNING'), errors = marked('ERROR') }
end

local function in_lines(lines, text)
  return vim.iter(lines):any(function(line)
    return line:find(text, 1, true) ~= nil
  end)
end

vim.cmd('filetype on')
local mode = env.NOTESENSE_MODE or 'enable'
local expected = vim.json.decode(env.NOTESENSE_EXPECT_HOVER or '[]')
vim.g.notesense = {
  python = env.NOTESENSE_PYTHON,
  autostart = mode == 'autostart',
  locale = mode == 'enable' and 'zh_CN' or nil,
}

check('plugin-waits', function()
  assert(vim.g.loaded_notesense, 'plugin/notesense.lua was not loaded from the runtimepath')
  vim.cmd.edit(vim.fs.joinpath(env.NOTESENSE_PROJECT, 'pyproject.toml'))
  assert(package.loaded.notesense == nil, 'the plugin loaded its Lua before any Python buffer')
  assert(not vim.lsp.is_enabled('notesense'), 'the server was enabled before any Python buffer')
  return 'nothing loaded for ' .. vim.bo.filetype
end)

local train, client
if mode == 'enable' then
  check('attach', function()
    vim.cmd.edit(vim.fs.joinpath(env.NOTESENSE_PROJECT, 'train.py'))
    train = vim.api.nvim_get_current_buf()
    vim.wait(300)
    assert(not notesense_client(train), 'with autostart = false the server started by itself')
    vim.lsp.enable('notesense')
    client = wait_for('the notesense client to attach after vim.lsp.enable', 20000, function()
      return notesense_client(train)
    end)
    return { name = client.name, cmd = client.config.cmd, uri = vim.uri_from_bufnr(train) }
  end)
elseif mode == 'autostart' then
  check('attach', function()
    train, client = open('train.py')
    return { name = client.name, cmd = client.config.cmd, uri = vim.uri_from_bufnr(train) }
  end)
elseif mode == 'missing' then
  check('health-error', function()
    local report = checkhealth()
    assert(#report.errors > 0, 'no ERROR without a server:\n' .. table.concat(report.lines, '\n'))
    assert(in_lines(report.errors, 'notesense does not run with'), 'the ERROR does not say the server is missing')
    assert(in_lines(report.lines, 'pipx install notesense'), 'no advice on what to install')
    return report.errors
  end)
end

if client and mode == 'enable' then
  check('hover', function()
    local line, col = find(train, 'torch.chunk(', 'chunk')
    local params = position_params(train, line, col)
    -- Like a person hovering again: the library may still be loading right after start-up.
    local text = wait_for('a hover with Chinese prose', 20000, function()
      local text = hover_text(request(client, train, 'textDocument/hover', params))
      return text:find('[\228-\233][\128-\191][\128-\191]') and text
    end)
    local matched
    for _, fragment in ipairs(expected) do
      if text:find(fragment, 1, true) then
        matched = fragment
      end
    end
    assert(#expected == 0 or matched, ('hover lacks every expected fragment %s: %s'):format(vim.inspect(expected), text))
    return { matched = matched, hover = text:sub(1, 400) }
  end)

  check('completion', function()
    local buf = open('aliases.py')
    local line, col = find(buf, 'th.chu', 'th.chu')
    local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
    local cursor = #text -- completion at the end of `th.chu`
    local labels
    local item = wait_for('a chunk completion', 20000, function()
      local result = request(client, buf, 'textDocument/completion', position_params(buf, line, cursor)) or {}
      local items = result.items or result
      labels = vim.tbl_map(function(i) return i.label end, items)
      return vim.iter(items):find(function(i) return i.label:find('chunk', 1, true) end)
    end)
    assert(item, 'no chunk snippet among ' .. vim.inspect(labels))
    if item.data and client:supports_method('completionItem/resolve') then
      item = request(client, buf, 'completionItem/resolve', item)
    end
    -- Insert it the way Neovim's completion does: replace the edit range, expand the snippet body.
    local edit = item.textEdit
    local body = edit and edit.newText or item.insertText or item.label
    local start_col = edit and (edit.range or edit.replace).start.character or col
    vim.api.nvim_buf_set_text(buf, line, start_col, line, cursor, {})
    vim.o.virtualedit = 'onemore' -- the cursor may sit after the last character, as in insert mode
    vim.api.nvim_win_set_cursor(0, { line + 1, start_col })
    if item.insertTextFormat == 2 then
      vim.snippet.expand(body)
      vim.snippet.stop()
    else
      vim.api.nvim_put({ body }, 'c', false, true)
    end
    if item.additionalTextEdits then
      vim.lsp.util.apply_text_edits(item.additionalTextEdits, buf, client.offset_encoding)
    end
    local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    local inserted = vim.iter(lines):find(function(l)
      return l:find('^parts = th%.chunk%(')
    end)
    assert(inserted, 'the typed line does not continue as `parts = th.chunk(` after expanding ' .. body .. ':\n' .. table.concat(lines, '\n'))
    assert(not table.concat(lines, '\n'):find('torch.chunk', 1, true), 'the snippet kept `torch.` instead of the alias')
    assert(not inserted:find('%${'), 'unexpanded placeholders: ' .. inserted)
    return { label = item.label, body = body, line = inserted }
  end)

  check('typing', function()
    -- A copy of train.py whose last line is being typed: the NS101 above it is still published for
    -- the typed version (its quick fix is offered for that version only) and applies; hover and
    -- completion answer.
    local lines = vim.api.nvim_buf_get_lines(train, 0, -1, false)
    local path = vim.fs.joinpath(env.NOTESENSE_PROJECT, 'typing.py')
    vim.fn.writefile(lines, path)
    local buf = open('typing.py')
    local seen = {}
    for _, typed in ipairs({ 'y = torch.', 'z = torch.chunk(batch,' }) do
      vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.list_extend(vim.deepcopy(lines), { typed }))
      local fix = wait_for('a quick fix for the version ending in ' .. typed, 20000, function()
        local diagnostic = ns101(buf)
        if not diagnostic then
          return nil
        end
        local lsp_diagnostic = diagnostic.user_data.lsp
        local actions = request(client, buf, 'textDocument/codeAction', {
          textDocument = { uri = vim.uri_from_bufnr(buf) },
          range = lsp_diagnostic.range,
          context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
        })
        return vim.iter(actions or {}):find(function(a) return a.edit ~= nil end)
      end)
      vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
      local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
      assert(text:find('.loc[', 1, true), 'the fix did not apply: ' .. text)
      assert(vim.endswith(text, typed), 'the typed line was lost: ' .. text)
      local line, col = find(buf, 'torch.chunk(batch, 2', 'chunk')
      local hover = hover_text(request(client, buf, 'textDocument/hover', position_params(buf, line, col)))
      assert(hover:find('[\228-\233][\128-\191][\128-\191]'), 'no hover while typing: ' .. hover)
      local last = vim.api.nvim_buf_line_count(buf) - 1
      local result = request(client, buf, 'textDocument/completion', position_params(buf, last, #'y = torch.')) or {}
      local items = result.items or result
      assert(vim.iter(items):find(function(i) return i.label:find('chunk', 1, true) end),
        'no completion while typing: ' .. vim.inspect(vim.tbl_map(function(i) return i.label end, items)))
      table.insert(seen, { typed = typed, fixed = fix.title })
    end
    return seen
  end)

  check('diagnostic-and-fix', function()
    vim.cmd.buffer(train)
    local diagnostic = wait_for('the NS101 diagnostic', 20000, function()
      return ns101(train)
    end)
    -- Pulled (textDocument/diagnostic) only by a Neovim that can also be asked to pull again
    -- (workspace/diagnostic/refresh; 0.11 cannot): else pushed, and no provider declared to pull from.
    local caps = vim.lsp.protocol.make_client_capabilities()
    local pulls = caps.textDocument.diagnostic ~= nil and vim.tbl_get(caps, 'workspace', 'diagnostics', 'refreshSupport') == true
    assert((client.server_capabilities.diagnosticProvider ~= nil) == pulls, 'diagnosticProvider declared: ' .. tostring(not pulls))
    local namespace = vim.lsp.diagnostic.get_namespace(client.id, pulls)
    assert(#vim.diagnostic.get(train, { namespace = namespace }) > 0, 'NS101 not ' .. (pulls and 'pulled' or 'pushed'))
    local before = vim.api.nvim_buf_get_lines(train, diagnostic.lnum, diagnostic.lnum + 1, false)[1]
    local lsp_diagnostic = diagnostic.user_data.lsp
    local actions = request(client, train, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(train) },
      range = lsp_diagnostic.range,
      context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
    })
    local fix
    for _, action in ipairs(actions or {}) do
      if action.edit and not fix then
        fix = action
      end
    end
    assert(fix, 'no quick fix with an edit: ' .. vim.inspect(actions))
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
    local after = vim.api.nvim_buf_get_lines(train, diagnostic.lnum, diagnostic.lnum + 1, false)[1]
    assert(diagnostic.message == env.NOTESENSE_NS101_ZH, 'with locale zh_CN, not the Chinese hint: ' .. diagnostic.message)
    assert(fix.title:find('[\228-\233][\128-\191][\128-\191]'), 'with locale zh_CN, an English fix title: ' .. fix.title)
    assert(after ~= before, 'the fix changed nothing')
    assert(after:find('.loc[', 1, true) and not after:find('%]%s*%[%s*["\']loss'), 'unexpected fix: ' .. after)
    wait_for('NS101 to disappear after the fix', 10000, function()
      return ns101(train) == nil
    end)
    return { title = fix.title, before = before, after = after, mode = pulls and 'pull' or 'push' }
  end)

  check('health', function()
    local report = checkhealth()
    local text = table.concat(report.lines, '\n')
    assert(#report.errors == 0, 'ERROR in the health report:\n' .. text)
    local version = client.server_info and client.server_info.version
    assert(in_lines(report.ok, ('notesense %s'):format(version)), 'no OK naming the server version ' .. tostring(version) .. ':\n' .. text)
    assert(in_lines(report.ok, 'Python 3.'), 'no OK naming the Python version:\n' .. text)
    assert(vim.iter(report.ok):any(function(line)
      return line:find('%d+ snippets in %d+ contexts')
    end), 'no library size:\n' .. text)
    return report.ok
  end)

  check('notebook', function()
    -- The fixture's analysis.ipynb opens as JSON (Neovim has no notebook sync): `torch` is imported in
    -- cell 1, used in cell 2; the NS101 is in cell 4. All of it inside the cells' "source" strings.
    local nb, nb_client = open('analysis.ipynb')
    assert(vim.bo[nb].filetype == 'json', 'not opened as JSON: ' .. vim.bo[nb].filetype)
    local line, col = find(nb, 'torch.chunk(', 'chunk')
    local hover = wait_for('a hover on chunk in cell 2', 20000, function()
      local text = hover_text(request(nb_client, nb, 'textDocument/hover', position_params(nb, line, col)))
      return text:find('[\228-\233][\128-\191][\128-\191]') and text
    end)
    local diagnostic = wait_for('the NS101 diagnostic in cell 4', 20000, function()
      return ns101(nb)
    end)
    local before = vim.api.nvim_buf_get_lines(nb, diagnostic.lnum, diagnostic.lnum + 1, false)[1]
    assert(before:find('scores[scores.epoch > 1][\\"loss\\"]', 1, true), 'NS101 on another line: ' .. before)
    local lsp_diagnostic = diagnostic.user_data.lsp
    local actions = request(nb_client, nb, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(nb) },
      range = lsp_diagnostic.range,
      context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } },
    })
    local fix = vim.iter(actions or {}):find(function(a) return a.edit ~= nil end)
    assert(fix, 'no quick fix with an edit: ' .. vim.inspect(actions))
    local old_lines = vim.api.nvim_buf_get_lines(nb, 0, -1, false)
    vim.lsp.util.apply_workspace_edit(fix.edit, nb_client.offset_encoding)
    local new_lines = vim.api.nvim_buf_get_lines(nb, 0, -1, false)
    assert(#new_lines == #old_lines, 'the fix added or removed lines')
    local changed = {}
    for i, l in ipairs(new_lines) do
      if l ~= old_lines[i] then
        table.insert(changed, l)
      end
    end
    assert(#changed == 1 and changed[1]:find('scores.loc[scores.epoch > 1, \\"loss\\"] = 0.0', 1, true),
      'the fix changed other lines: ' .. vim.inspect(changed))
    local decoded = vim.json.decode(table.concat(new_lines, '\n'))
    assert(#decoded.cells == 4 and #decoded.cells[2].outputs == 1, 'the notebook lost cells or outputs')
    wait_for('NS101 to disappear after the fix', 10000, function()
      return ns101(nb) == nil
    end)
    return { hover = hover:sub(1, 200), before = before, after = changed[1] }
  end)
end

h.finish(env.NOTESENSE_RESULT)
