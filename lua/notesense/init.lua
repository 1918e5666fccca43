--- notesense for Neovim 0.11+: the language server that turns your own notes into hovers (`K`),
--- completions and quick-fixes (`gra`) for Python files.
---
--- `lsp/notesense.lua` gives Neovim the server's config (`vim.lsp.config`), built here from the
--- options: `setup(opts)`, else `vim.g.notesense`, else the defaults below. `plugin/notesense.lua`
--- does nothing until the first Python buffer opens; then, unless `autostart = false`, it enables
--- the server (`vim.lsp.enable('notesense')`, which is all a user who disables autostart calls).
local M = {}

---@class notesense.Options
---@field cmd? string[] The whole server command; default: `{ 'notesense', 'serve' }` when `notesense` is on PATH, else `{ python, '-m', 'notesense', 'serve' }`
---@field python? string A Python with notesense installed, used when `notesense` is not on PATH (default: python3)
---@field notes? string[] Note folders; default: `[tool.notesense]` in pyproject.toml, `$NOTESENSE_NOTES`, else the bundled starter notes
---@field snippets? string[] Compiled snippet folders
---@field lint? { enable?: boolean } Diagnostics for the pitfalls the notes describe (default: on)
---@field completion? { show_all?: boolean, autotrigger?: boolean } Every snippet, not only the imported libraries' (default: off); complete while typing (default: off — it fights nvim-cmp and blink.cmp)
---@field log? { level?: 'error'|'warning'|'info'|'debug', file?: string } The server's log (default: warnings, to Neovim's LSP log)
---@field locale? string Language of diagnostics and messages: 'zh', 'zh_CN', … Chinese; 'en' English (default: `v:lang`; under `C` both texts)
---@field autostart? boolean Enable the server when the first Python buffer opens (default: true)
---@field root_markers? string[] What marks a project's root folder
local defaults = {
  lint = { enable = true },
  completion = { show_all = false, autotrigger = false },
  log = {},
  autostart = true,
  root_markers = { 'pyproject.toml', 'setup.py', 'setup.cfg', '.git' },
}

---@type notesense.Options?
local options

local function resolve(opts)
  local resolved = vim.tbl_deep_extend('force', vim.deepcopy(defaults), vim.g.notesense or {}, opts or {})
  for _, key in ipairs({ 'notes', 'snippets' }) do
    if resolved[key] then
      resolved[key] = vim.tbl_map(vim.fs.normalize, resolved[key])
    end
  end
  return resolved
end

--- The options in effect.
---@return notesense.Options
function M.options()
  options = options or resolve()
  return options
end

--- The command that runs notesense, without a sub-command, and how it was chosen.
---@return string[] command
---@return string how
function M.executable()
  local o = M.options()
  if o.cmd then
    local serve = vim.fn.index(o.cmd, 'serve') -- 0-based: the number of words before it
    return vim.list_slice(o.cmd, 1, serve >= 0 and serve or #o.cmd), 'the `cmd` option'
  end
  if vim.fn.executable('notesense') == 1 then
    return { 'notesense' }, '`notesense` on PATH'
  end
  local python = o.python or (vim.fn.has('win32') == 1 and 'python' or 'python3')
  return { python, '-m', 'notesense' }, o.python and 'the `python` option' or ('`notesense` is not on PATH: ' .. python)
end

--- The language the server is asked for: the `locale` option, else Neovim's message language (none
--- for the `C`/`POSIX` locale, which names no language).
---@return string?
function M.locale()
  local locale = M.options().locale or vim.v.lang
  if locale == '' or locale == 'C' or locale == 'POSIX' or locale:match('^C%.') then
    return nil
  end
  return locale
end

--- The server command: `cmd` as given, else `notesense serve` with the log and locale options.
---@return string[]
function M.command()
  local o = M.options()
  if o.cmd then
    return vim.deepcopy(o.cmd)
  end
  local cmd = vim.list_extend(M.executable(), { 'serve' })
  local locale = M.locale()
  if locale then
    vim.list_extend(cmd, { '--locale', locale })
  end
  if o.log.level then
    vim.list_extend(cmd, { '--log-level', o.log.level })
  end
  if o.log.file then
    vim.list_extend(cmd, { '--log-file', vim.fs.normalize(o.log.file) })
  end
  return cmd
end

--- What the server reads from `initializationOptions` and `workspace/configuration`.
function M.server_settings()
  local o = M.options()
  return {
    notes = o.notes,
    snippets = o.snippets,
    lint = { enable = o.lint.enable },
    completion = { showAll = o.completion.show_all },
  }
end

--- Neovim's own completion for the notesense client: snippets expand with `vim.snippet` and the
--- import edits apply; it triggers while typing only when `completion.autotrigger` is set.
function M.on_attach(client, bufnr)
  vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = M.options().completion.autotrigger })
end

--- Whether notesense serves this buffer: Python, or a notebook (`.ipynb`) opened as its JSON.
---@param bufnr integer
---@return boolean
function M.served(bufnr)
  return vim.bo[bufnr].filetype ~= 'json' or vim.api.nvim_buf_get_name(bufnr):lower():match('%.ipynb$') ~= nil
end

--- The `vim.lsp.config` for notesense (what `lsp/notesense.lua` returns).
---@return vim.lsp.Config
function M.config()
  local settings = M.server_settings()
  return {
    cmd = M.command(),
    -- A Jupyter notebook opens as JSON: the server reads an .ipynb's code cells as one program and
    -- answers inside their source strings. Other JSON files are left alone.
    filetypes = { 'python', 'json' },
    root_markers = M.options().root_markers,
    root_dir = function(bufnr, on_dir)
      if M.served(bufnr) then
        on_dir(vim.fs.root(bufnr, M.options().root_markers) or vim.fn.getcwd())
      end
    end,
    init_options = settings,
    settings = { notesense = settings },
    on_attach = M.on_attach,
  }
end

--- Enable the server; buffers already open attach too.
function M.enable()
  vim.lsp.enable('notesense')
  if vim.v.vim_did_enter == 0 then
    -- Before VimEnter (`nvim train.py`), enable() leaves open buffers alone; enabled again after, it
    -- attaches them.
    vim.api.nvim_create_autocmd('VimEnter', {
      once = true,
      callback = function()
        vim.lsp.enable('notesense')
      end,
    })
  end
end

--- Called by plugin/notesense.lua on the first Python buffer.
function M.autostart()
  if M.options().autostart and not vim.lsp.is_enabled('notesense') then
    M.enable()
  end
end

--- Configure notesense (every option is optional, see |notesense-options|); enables the server
--- unless `autostart = false`.
---@param opts? notesense.Options
function M.setup(opts)
  options = resolve(opts)
  vim.lsp.config('notesense', {}) -- drops Neovim's resolved config: lsp/notesense.lua is read again
  if options.autostart then
    M.enable()
  end
end

return M
