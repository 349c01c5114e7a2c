// Loads the compiled extension with a stand-in for the 'vscode' module, to
// check what needs no editor: the commands are registered and a missing
// binary is reported with the install command instead of starting a client.
// The language client itself is exercised against the real server in
// lsp.test.ts.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module = require('node:module');
import { isBuiltin } from 'node:module';
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

/** Loads an extension module with the stand-in 'vscode' and records every module it asks for. */
async function activateWithout(binary: string, file: string): Promise<Recorded & { requests: Set<string> }> {
    const recorded = { commands: [], errors: [], logged: [], requests: new Set<string>() };
    const vscode = fakeVscode({ path: binary }, recorded);

    // Resolve 'vscode' to the stand-in for this test only.
    const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = mod._load;
    mod._load = (request: string, ...rest: unknown[]) => {
        recorded.requests.add(request);
        return request === 'vscode' ? vscode : load(request, ...rest);
    };
    try {
        const extension = require(file) as typeof import('../extension');
        const subscriptions: unknown[] = [];
        await extension.activate({ subscriptions } as never);
        await extension.deactivate();
    } finally {
        mod._load = load;
    }
    return recorded;
}

/** The command ids package.json contributes: each must have a handler. */
const CONTRIBUTED = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as
    { contributes: { commands: { command: string }[] } }).contributes.commands.map(c => c.command).sort();

function assertMissingBinaryReported(recorded: Recorded, missing: string): void {
    assert.deepEqual(CONTRIBUTED, ['nianbao.fixAll', 'nianbao.restart']);
    assert.deepEqual(recorded.commands.sort(), CONTRIBUTED, 'activate() registers exactly the contributed commands');
    assert.equal(recorded.errors.length, 1, `errors: ${recorded.errors.join('\n')}`);
    assert.match(recorded.errors[0], /找不到 nianbao/);
    assert.ok(recorded.errors[0].includes('go install github.com/nianbao/nianbao/cmd/nianbao@latest'), recorded.errors[0]);
    assert.ok(recorded.errors[0].includes(missing), 'the message names the configured path');
}

test('activate without a nianbao binary shows the install command and registers the commands', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'nianbao');
    assertMissingBinaryReported(await activateWithout(missing, '../extension'), missing);
});

// What VS Code loads is package.json's "main", the esbuild bundle (npm test
// builds it): it must run with nothing beside it but VS Code and Node, since
// the .vsix carries no node_modules.
test('the bundle named by package.json "main" needs only vscode and Node built-ins', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    const bundle = path.join(root, manifest.main);
    assert.ok(fs.existsSync(bundle), `${bundle} missing: npm test runs npm run bundle first`);

    const missing = path.join(os.tmpdir(), 'no-such-dir', 'nianbao');
    const recorded = await activateWithout(missing, bundle);
    assertMissingBinaryReported(recorded, missing);
    recorded.requests.delete(bundle);
    const outside = [...recorded.requests].filter(r => r !== 'vscode' && !isBuiltin(r));
    assert.deepEqual(outside, [], 'the bundle should require no package from node_modules');
    assert.ok(recorded.requests.has('vscode'));
});
