// Tests of the parts of the extension that do not need VS Code.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { INSTALL_COMMANDS, missingBinaryMessage, resolveServerPath } from '../server';
import { serverSettings } from '../settings';

function fakeBinary(dir: string, name = 'nianbao'): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, '#!/bin/sh\n');
    fs.chmodSync(file, 0o755);
    return file;
}

test('resolveServerPath finds nianbao on PATH, then in ~/go/bin', { skip: process.platform === 'win32' }, () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-path-'));
    const onPath = path.join(root, 'bin');
    const home = path.join(root, 'home');
    fs.mkdirSync(onPath);
    fs.mkdirSync(path.join(home, 'go', 'bin'), { recursive: true });
    const env = { PATH: onPath, HOME: home };

    assert.equal(resolveServerPath('nianbao', env), undefined);
    const inGoBin = fakeBinary(path.join(home, 'go', 'bin'));
    assert.equal(resolveServerPath('nianbao', env), inGoBin);
    const first = fakeBinary(onPath);
    assert.equal(resolveServerPath('nianbao', env), first);
    assert.equal(resolveServerPath('', env), first, 'an empty setting means the default');
    assert.equal(resolveServerPath(inGoBin, env), inGoBin, 'an absolute path is used as is');
    assert.equal(resolveServerPath('~/go/bin/nianbao', env), inGoBin);

    const notExecutable = path.join(root, 'plain');
    fs.writeFileSync(notExecutable, '');
    assert.equal(resolveServerPath(notExecutable, env), undefined);
});

test('the missing-binary message tells how to install', () => {
    const message = missingBinaryMessage('nianbao');
    assert.match(message, /找不到 nianbao/);
    for (const command of INSTALL_COMMANDS) {
        assert.ok(message.includes(command), command);
    }
});

test('serverSettings passes valid settings and drops mistyped ones', () => {
    const values: Record<string, unknown> = {
        template: '2021',
        disabledRules: ['blank-cell', 3],
        severity: { 'nonstandard-label': 'information', bad: 1 },
        path: '/usr/bin/nianbao',
    };
    assert.deepEqual(serverSettings({ get: <T>(k: string) => values[k] as T }), {
        template: '2021',
        disabledRules: ['blank-cell'],
        severity: { 'nonstandard-label': 'information' },
    });
    assert.deepEqual(serverSettings({ get: () => undefined }), { template: 'auto', disabledRules: [], severity: {} });
    values.template = '2020';
    assert.equal(serverSettings({ get: <T>(k: string) => values[k] as T }).template, 'auto');
});
