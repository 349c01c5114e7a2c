// Loads the compiled extension with a stand-in for the 'vscode' module, to
// check what needs no editor: the commands are registered and a missing
// binary is reported with the install command instead of starting a client.
// The language client itself is exercised against the real server in
// lsp.test.ts.

import * as assert from 'node:assert/strict';
import Module = require('node:module');
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

interface Recorded {
    commands: string[];
    errors: string[];
    logged: string[];
}

/**
 * A 'vscode' module: the few calls activate() makes are recorded, and every
 * other name is a do-nothing class, which is enough for vscode-languageclient
 * to load (it subclasses vscode.CodeAction and others at load time).
 */
function fakeVscode(settings: Record<string, unknown>, recorded: Recorded): unknown {
    const disposable = { dispose() { /* nothing */ } };
    const api: Record<string, unknown> = {
        version: '1.95.0',
        workspace: {
            getConfiguration: () => ({ get: (key: string) => settings[key] }),
            onDidChangeConfiguration: () => disposable,
            workspaceFolders: undefined,
        },
        commands: {
            registerCommand: (id: string) => { recorded.commands.push(id); return disposable; },
            executeCommand: async () => undefined,
        },
        window: {
            createOutputChannel: () => ({
                ...disposable,
                info: (m: string) => recorded.logged.push(m),
                error: (m: string) => recorded.logged.push(m),
                show() { /* nothing */ },
            }),
            showErrorMessage: async (m: string) => { recorded.errors.push(m); return undefined; },
            showInformationMessage: async () => undefined,
        },
        env: { clipboard: { writeText: async () => undefined } },
    };
    return new Proxy(api, {
        get: (target, name: string) => (name in target ? target[name] : class { }),
    });
}

test('activate without a nianbao binary shows the install command and registers the commands', async () => {
    const recorded: Recorded = { commands: [], errors: [], logged: [] };
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'nianbao');
    const vscode = fakeVscode({ path: missing }, recorded);

    // Resolve 'vscode' to the stand-in for this test only.
    const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = mod._load;
    mod._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? vscode : load(request, ...rest));
    try {
        const extension = require('../extension') as typeof import('../extension');
        const subscriptions: unknown[] = [];
        await extension.activate({ subscriptions } as never);
        await extension.deactivate();
    } finally {
        mod._load = load;
    }

    assert.deepEqual(recorded.commands.sort(), ['nianbao.fixAll', 'nianbao.restart']);
    assert.equal(recorded.errors.length, 1, `errors: ${recorded.errors.join('\n')}`);
    assert.match(recorded.errors[0], /找不到 nianbao/);
    assert.ok(recorded.errors[0].includes('go install github.com/nianbao/nianbao/cmd/nianbao@latest'), recorded.errors[0]);
    assert.ok(recorded.errors[0].includes(missing), 'the message names the configured path');
});
