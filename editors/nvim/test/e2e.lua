-- Headless end-to-end test, run by e2e_test.go:
--   nvim --headless --clean --cmd 'set rtp^=editors/nvim' -c 'luafile test/e2e.lua'
-- Environment: NIANBAO_BIN (server binary), NIANBAO_SAMPLE (a copy of
-- pingtan-2020.md), NIANBAO_ROOT_FILES (a JSON list of files whose workspace
-- root the test reports), NIANBAO_RESULT (where to write the JSON result).
-- It records what it saw rather than asserting, so that the Go test reports
-- every mismatch at once; a Lua error is recorded as `error`.

local result = { steps = {} }
local TIMEOUT = 15000

local function step(name)
  table.insert(result.steps, name)
end

local function total_mismatches(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'total-mismatch' then
      table.insert(out, d)
    end
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end

local function cell_text(bufnr, d)
  local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
  return vim.trim(line:sub(d.col + 1, d.end_col))
end

-- Counts of diagnostics per URI as the server publishes them, so the test
-- can wait for a publication that carries none.
local published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, cfg)
  if params then
    published[params.uri] = #params.diagnostics
  end
  return publish(err, params, ctx, cfg)
end

local function run()
  local nianbao = require('nianbao')
  nianbao.setup({ cmd = { os.getenv('NIANBAO_BIN'), 'lsp' } })
  result.nvim_version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch

  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('NIANBAO_SAMPLE')))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  local client
  result.attached = vim.wait(TIMEOUT, function()
    client = nianbao.get_client(bufnr)
    return client ~= nil
  end, 20)
  if not client then
    error('nianbao client did not attach')
  end
  step('attached')

  result.diagnostics_arrived = vim.wait(TIMEOUT, function()
    return #total_mismatches(bufnr) >= 2
  end, 20)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    codes[d.code] = true
    if d.source ~= 'nianbao' then
      result.wrong_source = d.source
    end
  end
  result.codes = vim.tbl_keys(codes)
  table.sort(result.codes)
  result.totals = {}
  for _, d in ipairs(total_mismatches(bufnr)) do
    table.insert(result.totals, { line = d.lnum + 1, text = cell_text(bufnr, d) })
  end
  step('diagnostics')

  -- The 总计 cell is the second total on the row; ask for its fixes the way
  -- vim.lsp.buf.code_action does, then apply the preferred one.
  local target = total_mismatches(bufnr)[2]
  if not target then
    error('fewer than two total-mismatch diagnostics')
  end
  local row = target.lnum
  -- Put the cursor on the cell and build the range the way
  -- vim.lsp.buf.code_action() does: from the cursor, converted from bytes to
  -- the client's offset encoding. (Neovim 0.7 keeps only part of the LSP
  -- diagnostic in user_data, so the range cannot be taken from there.)
  vim.api.nvim_win_set_cursor(0, { row + 1, target.col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding or 'utf-16')
  local line_diagnostics
  if vim.lsp.diagnostic.get_line_diagnostics then
    line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr)
  else
    line_diagnostics = vim.tbl_map(function(d) return d.user_data.lsp end, vim.diagnostic.get(bufnr, { lnum = row }))
  end
  params.context = { diagnostics = line_diagnostics, only = { 'quickfix' } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT)
  local preferred
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      if action.kind == 'quickfix' and action.isPreferred and action.edit then
        preferred = action
      end
    end
  end
  if not preferred then
    error('no preferred quickfix: ' .. vim.inspect(responses))
  end
  result.quickfix_title = preferred.title
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding or 'utf-16')
  result.row_after_quickfix = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]
  step('quickfix applied')

  -- Neovim sends the edit as didChange by itself; wait for the server's answer.
  result.cleared = vim.wait(TIMEOUT, function()
    for _, d in ipairs(total_mismatches(bufnr)) do
      if d.lnum == row and d.col == target.col then
        return false
      end
    end
    return true
  end, 20)
  result.totals_after_quickfix = {}
  for _, d in ipairs(total_mismatches(bufnr)) do
    table.insert(result.totals_after_quickfix, { line = d.lnum + 1, text = cell_text(bufnr, d) })
  end
  step('cleared')

  -- :NianbaoFixAll fixes the remaining 自然人 total, as a user would run it.
  result.command_exists = vim.fn.exists(':NianbaoFixAll') == 2
  local before = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]
  vim.cmd('NianbaoFixAll')
  vim.wait(TIMEOUT, function()
    return vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] ~= before
  end, 20)
  result.row_after_fix_all = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]
  result.fix_all_cleared = vim.wait(TIMEOUT, function()
    return #total_mismatches(bufnr) == 0
  end, 20)
  -- With nothing left to fix the command says so instead of failing.
  local done
  nianbao.fix_all(bufnr, function(err)
    done = err or 'applied'
  end)
  vim.wait(TIMEOUT, function() return done ~= nil end, 20)
  result.fix_all_again = done
  step('fix all')

  -- The :NianbaoFixAll command itself exists and runs without error when
  -- there is nothing left to fix.
  result.command_exists = vim.fn.exists(':NianbaoFixAll') == 2

  -- A text file that is not a report gets an empty diagnostics list: wait
  -- for the server to publish for it, then look.
  local plain_file = vim.fn.tempname() .. '.txt'
  vim.fn.writefile({ '会议纪要', '', '今天讨论了三件事。' }, plain_file)
  vim.cmd('edit ' .. vim.fn.fnameescape(plain_file))
  local plain = vim.api.nvim_get_current_buf()
  result.plain_filetype = vim.bo[plain].filetype
  local plain_uri = vim.uri_from_bufnr(plain)
  result.plain_published = vim.wait(TIMEOUT, function() return published[plain_uri] ~= nil end, 20)
  result.plain_diagnostics = published[plain_uri]
  step('plain text')

  -- The workspace root each file's client was started with; e2e_test.go
  -- lays out .git as a directory and as a file (git worktree, submodule).
  result.roots = {}
  for _, file in ipairs(vim.fn.json_decode(os.getenv('NIANBAO_ROOT_FILES'))) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local buf = vim.api.nvim_get_current_buf()
    local c
    vim.wait(TIMEOUT, function()
      c = nianbao.get_client(buf)
      return c ~= nil
    end, 20)
    table.insert(result.roots, { file = file, root = c and c.config.root_dir or '' })
  end
  step('roots')

  -- A missing binary is reported once, with the install command.
  local messages = {}
  vim.notify = function(msg, level)
    table.insert(messages, { msg = msg, level = level })
  end
  nianbao.setup({ cmd = { vim.fn.tempname() .. '-no-such-nianbao', 'lsp' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.tempname() .. '.md'))
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.tempname() .. '.txt'))
  result.missing_binary_messages = vim.tbl_map(function(m)
    return m.msg
  end, messages)
  result.missing_binary_level = messages[1] and messages[1].level
  step('missing binary')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
end
local file = assert(io.open(os.getenv('NIANBAO_RESULT'), 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qall!')
