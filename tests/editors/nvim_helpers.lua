-- Helpers shared by the headless Neovim scripts: `local h = dofile(<this file>)` then `h.check(name,
-- fn)` records a named check (and why it failed), `h.wait_for(what, ms, fn)` polls until fn returns a
-- value, `h.finish(path)` writes the JSON report, stops the clients and exits (1 when a check failed).
local M = { results = {}, started = vim.uv.hrtime() }

local function ms_since(t0)
  return math.floor((vim.uv.hrtime() - t0) / 1e6)
end

function M.check(name, fn)
  local t0 = vim.uv.hrtime()
  local ok, detail = pcall(fn)
  table.insert(M.results, { check = name, ok = ok, ms = ms_since(t0), detail = detail })
  io.stderr:write(('[nvim] %s %s (%d ms)%s\n'):format(ok and 'ok  ' or 'FAIL', name, ms_since(t0),
    ok and '' or (': ' .. tostring(detail))))
end

function M.wait_for(what, timeout_ms, fn)
  local value
  local ok = vim.wait(timeout_ms, function()
    value = fn()
    return value ~= nil and value ~= false
  end, 50)
  assert(ok, ('timed out after %d ms waiting for %s'):format(timeout_ms, what))
  return value
end

function M.finish(path, expected)
  local ok = #M.results > 0 and (expected == nil or #M.results == expected)
  for _, r in ipairs(M.results) do
    ok = ok and r.ok
  end
  if path then
    local file = assert(io.open(path, 'w'))
    file:write(vim.json.encode({ ok = ok, ms = ms_since(M.started), results = M.results }))
    file:close()
  end
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  os.exit(ok and 0 or 1)
end

return M
