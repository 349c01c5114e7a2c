-- nianbao for Neovim: starts `nianbao lsp` for text and Markdown buffers and
-- offers :NianbaoFixAll. Works on Neovim 0.7 (Debian 12 ships 0.7.2) and later:
-- every API that changed since 0.7 goes through one of the small helpers below.

local M = {}

local FIX_ALL_KIND = 'source.fixAll.nianbao'
local INSTALL = 'go install github.com/nianbao/nianbao/cmd/nianbao@latest'

M.defaults = {
  -- The server command; `--stdio` is accepted and ignored by nianbao.
  cmd = { 'nianbao', 'lsp' },
  -- Neovim's names for *.txt and *.md buffers. The server decides which of
  -- them are reports; the others get an empty diagnostics list.
  filetypes = { 'text', 'markdown' },
  -- The server's `nianbao` settings section: template ('auto', '2019',
  -- '2021'), disabledRules (list of rule ids), severity (rule id -> 'error',
  -- 'warning', 'info', 'hint' or 'off').
  settings = { template = 'auto' },
  -- Names that mark the root of a workspace, as files or directories; the
  -- buffer's directory is used when none is found.
  root_markers = { '.git' },
  on_attach = nil,
  capabilities = nil,
}

local config = vim.deepcopy(M.defaults)

-- Client ids by root directory, for Neovim 0.7, which has no vim.lsp.start
-- to find a running client for us.
local clients_by_root = {}

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

local function notify(msg, level)
  vim.notify('nianbao: ' .. msg, level or vim.log.levels.INFO)
end

-- Neovim 0.11 made client methods take self; 0.7 to 0.10 use plain fields.
local function client_call(client, method, ...)
  if has('0.11') then
    return client[method](client, ...)
  end
  return client[method](...)
end

-- Lua's empty table has no JSON type of its own: vim.json.encode sends it
-- as [], and a [] for severity makes the server reject the whole section.
-- Send an empty severity map as a real object and leave empty lists out.
local function server_settings(settings)
  local out = {}
  for key, value in pairs(settings or {}) do
    if type(value) == 'table' and vim.tbl_isempty(value) then
      if key == 'severity' then
        out[key] = vim.empty_dict()
      end
    else
      out[key] = value
    end
  end
  return out
end

local uv = vim.uv or vim.loop

-- The workspace root of bufnr: the nearest directory, from the buffer's own
-- upward, that holds any of the root markers, be it a file or a directory.
-- `.git` is a file in a git worktree or submodule, so finddir() alone would
-- skip it and climb to an enclosing repository. One walk for every version
-- from 0.7 on (vim.fs.find exists only from 0.8), so the test on Debian's
-- 0.7.2 covers the code newer versions run. The buffer's directory when no
-- marker is found.
local function find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  local dir = start
  while true do
    for _, marker in ipairs(config.root_markers or {}) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

-- The nianbao client attached to bufnr, if any.
function M.get_client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'nianbao' })[1]
  end
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'nianbao' then
      return client
    end
  end
  return nil
end

local warned_missing = false

-- Starts (or reuses) the server for the workspace of bufnr and attaches it.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  -- Floating hover windows and other scratch buffers are markdown too; only
  -- real files and new buffers are documents.
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    if not warned_missing then
      warned_missing = true
      notify(('找不到可执行文件 %s。请先安装：%s（或在仓库根目录运行 go install ./cmd/nianbao），'
        .. '并把 $HOME/go/bin 加入 PATH，或在 setup() 中设置 cmd。'):format(config.cmd[1], INSTALL),
        vim.log.levels.ERROR)
    end
    return nil
  end
  local settings = server_settings(config.settings)
  local lsp_config = {
    name = 'nianbao',
    cmd = config.cmd,
    root_dir = find_root(bufnr),
    init_options = settings,
    -- Answers workspace/configuration: Neovim looks the section up here.
    settings = { nianbao = settings },
    capabilities = config.capabilities,
    on_attach = config.on_attach,
  }
  if vim.lsp.start then
    return vim.lsp.start(lsp_config, { bufnr = bufnr })
  end
  local id = clients_by_root[lsp_config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client_call(client, 'is_stopped') then
    id = vim.lsp.start_client(lsp_config)
    if not id then
      return nil
    end
    clients_by_root[lsp_config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Applies the server's source.fixAll.nianbao action to bufnr: every total,
-- label and heading fix at once, as one undo step. on_done(err) is called
-- when the edit is applied, or with a message when there was nothing to do.
function M.fix_all(bufnr, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  on_done = on_done or function(err)
    if err then
      notify(err, vim.log.levels.WARN)
    end
  end
  local client = M.get_client(bufnr)
  if not client then
    on_done('语言服务器没有附加到当前缓冲区；请先运行 require("nianbao").setup()。')
    return
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
    },
    context = { diagnostics = {}, only = { FIX_ALL_KIND } },
  }
  client_call(client, 'request', 'textDocument/codeAction', params, function(err, actions)
    if err then
      on_done('请求修正失败：' .. (err.message or vim.inspect(err)))
      return
    end
    for _, action in ipairs(actions or {}) do
      if action.kind == FIX_ALL_KIND and action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
        if action.command then
          client_call(client, 'request', 'workspace/executeCommand', action.command, function() end, bufnr)
        end
        on_done(nil)
        return
      end
    end
    on_done('本文件没有需要修正的总计、表格文字或部分标题。')
  end, bufnr)
end

-- Defines the user commands. Called from plugin/nianbao.lua and again from
-- setup(), for plugin managers that add the runtimepath after startup and so
-- never source plugin/ files; redefining a command replaces it.
function M.create_commands()
  vim.api.nvim_create_user_command('NianbaoFixAll', function()
    M.fix_all(0)
  end, { desc = 'nianbao: 修正本文件的全部总计、表格文字和部分标题 (fix all totals, labels and headings in this file)' })
end

-- setup({ cmd = …, filetypes = …, settings = …, root_markers = …,
--         on_attach = …, capabilities = … })
function M.setup(opts)
  config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- Lists replace the defaults rather than merging index by index.
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if opts and opts[key] then
      config[key] = opts[key]
    end
  end
  if type(config.cmd) == 'string' then
    config.cmd = { config.cmd, 'lsp' }
  end
  warned_missing = false
  M.create_commands()

  local group = vim.api.nvim_create_augroup('nianbao', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() (e.g. `nvim report.md`) get the server too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
