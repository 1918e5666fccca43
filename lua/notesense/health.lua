--- `:checkhealth notesense`: whether the server runs and with which Python, whether the notes
--- folders can be read and how many notes they hold, the library's size and compile problems, and
--- the settings in effect. Everything about the notes comes from `notesense doctor --format json`,
--- which finds and loads them exactly as the server does.
local M = {}

local DOCTOR_TIMEOUT_MS = 120000 -- a large notes folder compiles cold on the first run
local MAX_PROBLEMS = 20

local function words(list)
  return table.concat(list, ' ')
end

--- The project the server would serve: a running client's root, else the current folder.
local function project_root()
  local client = vim.lsp.get_clients({ name = 'notesense' })[1]
  return client and client.root_dir or vim.fn.getcwd()
end

---@param locale string? the language of the problems: the server's (`ns.locale()`)
---@return table? report
---@return string? why
local function doctor(executable, root, locale)
  local o = require('notesense').options()
  local cmd = vim.list_extend(vim.deepcopy(executable), { 'doctor', '--format', 'json', '--root', root })
  for _, notes in ipairs(o.notes or {}) do
    vim.list_extend(cmd, { '--notes', notes })
  end
  for _, snippets in ipairs(o.snippets or {}) do
    vim.list_extend(cmd, { '--snippets', snippets })
  end
  if locale then
    vim.list_extend(cmd, { '--locale', locale })
  end
  local ok, process = pcall(vim.system, cmd, { text = true })
  if not ok then
    return nil, tostring(process)
  end
  local done = process:wait(DOCTOR_TIMEOUT_MS)
  local decoded, report = pcall(vim.json.decode, done.stdout or '')
  if decoded and type(report) == 'table' and report.version then
    return report
  end
  local stderr = vim.trim(done.stderr or '')
  if locale and stderr:find('unrecognized arguments: --locale', 1, true) then
    return doctor(executable, root, nil) -- a notesense older than this plugin: its report in English
  end
  return nil, stderr ~= '' and stderr:match('[^\n]*$') or ('exit code ' .. tostring(done.code))
end

local function check_server(executable, how, report, why)
  vim.health.start('notesense: server')
  if not report then
    vim.health.error(('notesense does not run with `%s` (%s): %s'):format(words(executable), how, why), {
      'Install the notesense command: `pipx install notesense` or `uv tool install notesense` (from a checkout: `pipx install /path/to/notesense`).',
      "Or point the plugin at a Python that has notesense: require('notesense').setup({ python = '/path/to/venv/bin/python' }).",
    })
    return
  end
  vim.health.ok(('notesense %s (%s): `%s`'):format(report.version, how, words(require('notesense').command())))
  vim.health.ok(('Python %s (%s), notesense from %s'):format(report.python, report.executable, report.location))
end

local function check_notes(report)
  vim.health.start('notesense: notes')
  if report.origin == 'bundled' then
    vim.health.info('No notes folder is set: serving the starter notes bundled with notesense.')
    vim.health.info("Set yours with require('notesense').setup({ notes = { '~/notes' } }) or [tool.notesense] notes = [...] in pyproject.toml.")
  else
    vim.health.ok(('Notes from %s (project %s)'):format(report.origin, report.root))
  end
  for _, folder in ipairs(report.notes) do
    if not folder.exists then
      vim.health.error(folder.path .. ' does not exist', 'Fix the `notes` option (or [tool.notesense] in pyproject.toml).')
    elseif not folder.readable then
      vim.health.error(folder.path .. ' cannot be read', 'Check its permissions.')
    elseif folder.notes == 0 then
      vim.health.warn(folder.path .. ': no notes (.md, .markdown, .txt, .ipynb) in it')
    else
      vim.health.ok(('%s: %d notes'):format(folder.path, folder.notes))
    end
    for _, unreadable in ipairs(folder.unreadable) do
      vim.health.warn(unreadable)
    end
  end
  for _, dir in ipairs(report.snippet_dirs) do
    if dir.exists then
      vim.health.ok('snippets: ' .. dir.path)
    else
      vim.health.error('snippets: ' .. dir.path .. ' does not exist', 'Fix the `snippets` option.')
    end
  end
end

local function check_library(report)
  vim.health.start('notesense: library')
  local library = report.library
  local contexts = vim.tbl_keys(library.contexts)
  table.sort(contexts, function(a, b)
    return library.contexts[a] > library.contexts[b]
  end)
  local listed = vim.tbl_map(function(c)
    return ('%s %d'):format(c, library.contexts[c])
  end, contexts)
  if library.snippets > 0 then
    vim.health.ok(('%d snippets in %d contexts (%s)'):format(library.snippets, #contexts, table.concat(listed, ', ')))
  else
    vim.health.warn('The library is empty: no note gave a snippet.', 'Run `notesense compile <notes folder> -o /tmp/out` to see why.')
  end
  if #report.problems == 0 then
    vim.health.ok('No compile problems')
  end
  for i, problem in ipairs(report.problems) do
    if i > MAX_PROBLEMS then
      vim.health.warn(('… and %d more problems (`notesense doctor` lists them)'):format(#report.problems - MAX_PROBLEMS))
      break
    end
    vim.health.warn(problem)
  end
end

local function check_settings()
  vim.health.start('notesense: settings')
  local ns = require('notesense')
  local o = ns.options()
  vim.health.info('server settings: ' .. vim.inspect(ns.server_settings(), { newline = ' ', indent = '' }))
  vim.health.info(('completion autotrigger: %s; autostart: %s'):format(o.completion.autotrigger, o.autostart))
  vim.health.info(('log: %s%s'):format(o.log.level or 'warning', o.log.file and (' to ' .. o.log.file) or ''))
  vim.health.info('locale: ' .. (ns.locale() or 'none (diagnostics in English and in the note\'s words)'))
  vim.health.info('root markers: ' .. table.concat(o.root_markers, ', '))
  local clients = vim.lsp.get_clients({ name = 'notesense' })
  if #clients == 0 then
    vim.health.info(('not running (%s)'):format(vim.lsp.is_enabled('notesense') and 'starts with the next Python buffer' or "not enabled: vim.lsp.enable('notesense')"))
  end
  for _, client in ipairs(clients) do
    vim.health.info(('running: client %d, root %s, %d buffer(s)'):format(client.id, client.root_dir or '(none)', vim.tbl_count(client.attached_buffers)))
  end
end

function M.check()
  local executable, how = require('notesense').executable()
  local report, why = doctor(executable, project_root(), require('notesense').locale())
  check_server(executable, how, report, why)
  if report then
    check_notes(report)
    check_library(report)
  end
  check_settings()
end

return M
