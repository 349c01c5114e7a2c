-- Commands exist as soon as the plugin is on the runtimepath; the server
-- itself starts only after require('nianbao').setup(), so installing the
-- plugin never spawns processes by surprise.
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = true

vim.api.nvim_create_user_command('NianbaoFixAll', function()
  require('nianbao').fix_all(0)
end, { desc = 'nianbao: 修正本文件的全部总计 (fix all totals in this file)' })
