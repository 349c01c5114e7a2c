// Tests of the parts of the extension that do not need VS Code.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { INSTALL_COMMANDS, missingBinaryMessage, resolveServerPath } from '../server';
import { serverSettings } from '../settings';
import { VSIX_LIMITS, vsixProblems, zipEntries } from './vsix';

function fakeBinary(dir: string, name = 'nianbao'): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, '#!/bin/sh\n');
    fs.chmodSync(file, 0o755);
    return file;
}

test('resolveServerPath finds nianbao on PATH, then in ~/go/bin', { skip: process.platform === 'win32' }, (t) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-path-'));
    t.after(() => fs.rmSync(root, { recursive: true, force: true }));
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
        severity: { 'nonstandard-label': 'info', 'missing-row': 'information', bad: 1 },
        path: '/usr/bin/nianbao',
    };
    assert.deepEqual(serverSettings({ get: <T>(k: string) => values[k] as T }), {
        template: '2021',
        disabledRules: ['blank-cell'],
        // Levels go to the server as written: it reads information as info.
        severity: { 'nonstandard-label': 'info', 'missing-row': 'information' },
    });
    assert.deepEqual(serverSettings({ get: () => undefined }), { template: 'auto', disabledRules: [], severity: {} });
    values.template = '2020';
    assert.equal(serverSettings({ get: <T>(k: string) => values[k] as T }).template, 'auto');
    // nianbao.overviewLength.max goes as the nested object the server reads, only
    // when it is a positive integer.
    values['overviewLength.max'] = 1200;
    assert.deepEqual(serverSettings({ get: <T>(k: string) => values[k] as T }).overviewLength, { max: 1200 });
    for (const bad of [0, -1, 12.5, '1200', null]) {
        values['overviewLength.max'] = bad;
        assert.equal(serverSettings({ get: <T>(k: string) => values[k] as T }).overviewLength, undefined);
    }
});

// testdata/python.zip was written by Python's zipfile, not by this code: a
// deflated and a stored file (its name in Chinese, so UTF-8), a directory
// entry and an archive comment. The sizes are the ones `unzip -l` lists.
test('zipEntries lists the files of a zip written by another tool', () => {
    const zip = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'test', 'testdata', 'python.zip'));
    assert.deepEqual(zipEntries(zip), [
        { name: 'extension/package.json', size: 320 },
        { name: 'extension/说明.md', size: 15 },
        { name: 'extension/dist/', size: 0 },
    ]);
    assert.throws(() => zipEntries(Buffer.from('PK not really a zip, just long enough to be searched')), /not a zip/);
    assert.throws(() => zipEntries(zip.subarray(0, zip.length - 60)), /not a zip|corrupt/);
});

test('vsixProblems passes a bundled extension and names what does not belong', () => {
    const main = './dist/extension.js';
    const clean = [
        'extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/readme.md',
        'extension/LICENSE.txt', 'extension/changelog.md', 'extension/dist/extension.js',
    ].map(name => ({ name, size: 1000 }));
    assert.deepEqual(vsixProblems(clean, 116_000, main), []);

    const one = (name: string) => vsixProblems([...clean, { name, size: 10 }], 116_000, main);
    assert.match(one('extension/node_modules/vscode-jsonrpc/lib/main.js').join(), /node_modules/);
    assert.match(one('extension/dist/extension.js.map').join(), /source maps/);
    assert.match(one('extension/out/extension.d.ts').join(), /\.d\.ts/);
    assert.match(one('extension/src/extension.ts').join(), /TypeScript/);
    assert.deepEqual(one('extension/dist/other.js'), [], 'one more file within the bound is fine');

    const many = [...clean, ...Array.from({ length: VSIX_LIMITS.files }, (_, i) => ({ name: `extension/f${i}.js`, size: 1 }))];
    assert.match(vsixProblems(many, 116_000, main).join(), /more than 12/);
    assert.match(vsixProblems(clean, VSIX_LIMITS.bytes + 1, main).join(), /more than 250\.0 KB/);
    assert.match(vsixProblems(clean, 116_000, './out/extension.js').join(), /extension\/out\/extension\.js .* not in the \.vsix/);
});
