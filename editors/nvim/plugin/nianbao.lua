-- Commands exist as soon as the plugin is on the runtimepath; the server
-- itself starts only after require('nianbao').setup(), so installing the
-- plugin never spawns processes by surprise.
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = true

require('nianbao').create_commands()
