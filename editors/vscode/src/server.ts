// Locating the nianbao binary. This module must not import 'vscode': the
// Node tests load it directly, outside the editor.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The commands shown to a user who has no nianbao binary yet. */
export const INSTALL_COMMANDS = [
    'go install github.com/nianbao/nianbao/cmd/nianbao@latest',
    // From a clone of the repository, e.g. to test unreleased changes.
    'go install ./cmd/nianbao',
];

/** The error message shown when the configured binary cannot be found. */
export function missingBinaryMessage(configured: string): string {
    return `找不到 nianbao 可执行文件（nianbao.path = "${configured}"）。` +
        `请先安装：${INSTALL_COMMANDS[0]}（或在仓库根目录运行 ${INSTALL_COMMANDS[1]}），` +
        '并确认 $GOBIN 或 $HOME/go/bin 在 PATH 中，或在设置 nianbao.path 中填写完整路径。' +
        ` (nianbao binary not found: install it with "${INSTALL_COMMANDS[0]}".)`;
}

/**
 * Resolves the nianbao.path setting to an executable file, or returns
 * undefined. A bare name is looked up on PATH the way the shell would, so
 * that a missing binary is reported before the client starts: otherwise
 * vscode-languageclient only logs a spawn ENOENT and retries.
 */
export function resolveServerPath(
    configured: string,
    env: NodeJS.ProcessEnv = process.env,
    platform: NodeJS.Platform = process.platform,
): string | undefined {
    const command = expandHome(configured.trim() || 'nianbao', env);
    const extensions = platform === 'win32'
        ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)]
        : [''];
    const candidates: string[] = [];
    if (command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
        candidates.push(path.resolve(command));
    } else {
        const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
        // `go install` puts binaries in $GOBIN or $GOPATH/bin, which GUI
        // launches of VS Code often lack on PATH; look there too.
        const goBin = env.GOBIN || (env.GOPATH ? path.join(env.GOPATH.split(path.delimiter)[0], 'bin') : '')
            || (env.HOME ? path.join(env.HOME, 'go', 'bin') : '');
        if (goBin) {
            dirs.push(goBin);
        }
        for (const dir of dirs) {
            candidates.push(path.join(dir, command));
        }
    }
    for (const candidate of candidates) {
        for (const ext of extensions) {
            if (isExecutable(candidate + ext, platform)) {
                return candidate + ext;
            }
        }
    }
    return undefined;
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
    if ((p === '~' || p.startsWith('~/')) && env.HOME) {
        return path.join(env.HOME, p.slice(1));
    }
    return p;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
    try {
        if (!fs.statSync(file).isFile()) {
            return false;
        }
        if (platform !== 'win32') {
            fs.accessSync(file, fs.constants.X_OK);
        }
        return true;
    } catch {
        return false;
    }
}
