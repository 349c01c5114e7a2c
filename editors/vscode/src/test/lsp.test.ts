// End to end: the real `nianbao lsp` binary, driven over stdio by the
// libraries the VS Code client is built on. It follows what a user does:
// open a report with a wrong total, see the diagnostic, take the quick fix,
// see the diagnostic go.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
    CodeAction,
    CodeActionKind,
    CodeActionRequest,
    Command,
    Diagnostic,
    DidChangeConfigurationNotification,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    DiagnosticSeverity,
    HoverRequest,
    InitializeRequest,
    MarkupContent,
    InitializedNotification,
    PublishDiagnosticsParams,
    Range,
    TextDocumentEdit,
    TextEdit,
    WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { brief, nianbaoBinary, REPO_ROOT, TestClient, withTimeout } from './lspClient';

// See testdata/pingtan-NOTES.md: Table 3, row （七）总计 reads 20 under 自然人
// (should be 26) and 21 under 总计 (should be 27).
const SAMPLE = path.join(REPO_ROOT, 'testdata', 'samples', 'pingtan-2020.md');
const WRONG_ROW = '| （七）总计 | 20 | 0 | 0 | 0 | 0 | 1 | 21 |';
const FIXED_TOTAL_ROW = '| （七）总计 | 20 | 0 | 0 | 0 | 0 | 1 | 27 |';
const FIXED_ROW = '| （七）总计 | 26 | 0 | 0 | 0 | 0 | 1 | 27 |';
// pingtan-2020's own total fixes are withheld: its leaves (26, 27) exceed 一 + 二
// (20, 21) while 勾稽关系 holds, and rewriting the totals would break it. With 9
// applications carried over (二) 勾稽关系 is broken before and after the fix, so the
// fixes are offered: the quick-fix tests use that text.
const CARRIED_ROW = '| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |';
const FIXABLE_CARRIED_ROW = '| 二、上年结转政府信息公开申请数量 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |';
function fixableText(): string {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    assert.equal(text.split(CARRIED_ROW).length, 2, `sample should contain the row ${CARRIED_ROW} once`);
    return text.replace(CARRIED_ROW, FIXABLE_CARRIED_ROW);
}

let client: TestClient;
let doc: TextDocument;
let binary: ReturnType<typeof nianbaoBinary>;

before(async () => {
    binary = nianbaoBinary();
    client = new TestClient(binary.path);
    const result = await withTimeout(client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(REPO_ROOT).href,
        workspaceFolders: null,
        initializationOptions: client.settings,
        capabilities: {
            workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
            textDocument: {
                synchronization: { dynamicRegistration: false },
                publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
                codeAction: {
                    isPreferredSupport: true,
                    codeActionLiteralSupport: {
                        codeActionKind: { valueSet: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
                    },
                },
            },
            general: { positionEncodings: ['utf-16'] },
        },
    }), 10000, 'initialize');
    // The extension relies on incremental sync and code actions.
    const sync = result.capabilities.textDocumentSync;
    const change = typeof sync === 'number' ? sync : sync?.change;
    assert.equal(change, 2, `textDocumentSync.change should be Incremental, got ${JSON.stringify(sync)}`);
    assert.ok(result.capabilities.codeActionProvider, 'server should offer code actions');
    await client.connection.sendNotification(InitializedNotification.type, {});
});

after(async () => {
    const code = await client.close();
    binary.cleanup();
    assert.equal(code, 0, `nianbao lsp should exit 0 after shutdown/exit; log:\n${client.log}`);
});

function totals(p: PublishDiagnosticsParams): Diagnostic[] {
    return p.diagnostics.filter(d => d.code === 'total-mismatch');
}

/** Publications that describe an older text than `doc` are not the answer yet. */
function current(p: PublishDiagnosticsParams): boolean {
    return p.version === undefined || p.version === null || p.version === doc.version;
}

function line(n: number): string {
    return doc.getText(Range.create(n, 0, n + 1, 0)).replace(/\r?\n$/, '');
}

/** The TextEdits of a WorkspaceEdit for doc, in either of its two shapes. */
function editsFor(edit: WorkspaceEdit): TextEdit[] {
    const edits: TextEdit[] = [...(edit.changes?.[doc.uri] ?? [])];
    for (const change of edit.documentChanges ?? []) {
        if (TextDocumentEdit.is(change) && change.textDocument.uri === doc.uri) {
            edits.push(...change.edits.filter((e): e is TextEdit => 'newText' in e));
        }
    }
    return edits;
}

/**
 * Applies edits the way VS Code does: to the local text, then to the server
 * as one incremental didChange. Changes are sent last-first, because each
 * one is applied to the text the previous one produced.
 */
async function applyEdits(edits: TextEdit[]): Promise<void> {
    assert.ok(edits.length > 0, 'the action should carry at least one edit');
    const ordered = [...edits].sort((a, b) =>
        b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    doc = TextDocument.update(doc, ordered.map(e => ({ range: e.range, text: e.newText })), doc.version + 1);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: doc.uri, version: doc.version },
        contentChanges: ordered.map(e => ({ range: e.range, text: e.newText })),
    });
}

test('a wrong total is reported, quick-fixed and cleared', async () => {
    const text = fixableText();
    doc = TextDocument.create(pathToFileURL(SAMPLE).href, 'markdown', 1, text);
    const row = text.split(/\r?\n/).indexOf(WRONG_ROW);
    assert.ok(row >= 0, `sample should contain the row ${WRONG_ROW}`);

    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: doc.uri, languageId: doc.languageId, version: doc.version, text },
    });
    const opened = await client.waitForDiagnostics(doc.uri, p => current(p) && totals(p).length >= 2,
        'two total-mismatch diagnostics');
    const found = totals(opened);
    assert.equal(found.length, 2, `want 2 total-mismatch, got ${found.map(brief).join('; ')}`);
    for (const d of found) {
        assert.equal(d.source, 'nianbao');
        assert.equal(d.range.start.line, row, `diagnostic on the （七）总计 row: ${brief(d)}`);
    }
    // The two cells are 自然人 ("20") and 总计 ("21"), in that order on the row.
    const [naturalPersons, grandTotal] = [...found].sort((a, b) => a.range.start.character - b.range.start.character);
    assert.equal(doc.getText(naturalPersons.range).trim(), '20', brief(naturalPersons));
    assert.equal(doc.getText(grandTotal.range).trim(), '21', brief(grandTotal));

    // Ask for the fixes of the 总计 cell, as the light bulb does.
    const actions = await withTimeout(client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: doc.uri },
        range: grandTotal.range,
        context: { diagnostics: [grandTotal], only: [CodeActionKind.QuickFix] },
    }), 10000, 'textDocument/codeAction');
    const quickfixes = (actions ?? []).filter((a): a is CodeAction => !Command.is(a) && a.kind === CodeActionKind.QuickFix);
    const preferred = quickfixes.find(a => a.isPreferred && a.edit);
    assert.ok(preferred, `want a preferred quickfix with an edit, got ${JSON.stringify(actions)}`);
    assert.match(preferred.title, /\p{Script=Han}/u, 'quick fix titles are in Chinese');

    await applyEdits(editsFor(preferred.edit!));
    assert.equal(line(row), FIXED_TOTAL_ROW);

    const fixed = await client.waitForDiagnostics(doc.uri,
        p => current(p) && !totals(p).some(d => d.range.start.line === row && d.range.start.character === grandTotal.range.start.character),
        'the 总计 total-mismatch to clear');
    const left = totals(fixed);
    assert.deepEqual(left.map(d => doc.getText(d.range).trim()), ['20'],
        `only the 自然人 total should be left: ${left.map(brief).join('; ')}`);
});

test('source.fixAll.nianbao fixes every total in the file', async () => {
    const row = doc.getText().split(/\r?\n/).indexOf(FIXED_TOTAL_ROW);
    assert.ok(row >= 0, 'runs after the quick-fix test');
    const actions = await withTimeout(client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: doc.uri },
        range: Range.create(0, 0, doc.lineCount, 0),
        context: { diagnostics: [], only: ['source.fixAll.nianbao'] },
    }), 10000, 'textDocument/codeAction source.fixAll.nianbao');
    const fixAll = (actions ?? []).find((a): a is CodeAction => !Command.is(a) && a.kind === 'source.fixAll.nianbao');
    assert.ok(fixAll?.edit, `want a source.fixAll.nianbao action with an edit, got ${JSON.stringify(actions)}`);
    // The command that runs this action must not promise less than it does:
    // its title names what the server's action title lists.
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const command = manifest.contributes.commands.find((c: { command: string }) => c.command === 'nianbao.fixAll');
    const what = fixAll.title.replace(/^修正全部/, '').replace(/（nianbao）$/, '');
    assert.equal(what, '总计、表格文字和部分标题', `server action title ${fixAll.title}`);
    assert.ok(command.title.includes(what), `nianbao.fixAll is titled ${command.title}, the action ${fixAll.title}`);

    await applyEdits(editsFor(fixAll.edit));
    assert.equal(line(row), FIXED_ROW);
    const clean = await client.waitForDiagnostics(doc.uri, p => current(p) && totals(p).length === 0,
        'no total-mismatch after fix all');
    // What stays is the text's own inconsistency: 30 applications on hand (21
    // received, 9 carried over) against 27 handled (勾稽关系). That is a
    // balance-mismatch with no automatic fix, not a total.
    assert.ok(clean.diagnostics.every(d => d.source === 'nianbao'), clean.diagnostics.map(brief).join('; '));
});

test('a text file that is not a report gets no diagnostics', async () => {
    const uri = pathToFileURL(path.join(REPO_ROOT, 'notes.txt')).href;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'plaintext', version: 1, text: '会议纪要\n\n今天讨论了三件事。\n' },
    });
    const published = await client.waitForDiagnostics(uri, () => true, 'diagnostics for a non-report');
    assert.deepEqual(published.diagnostics, []);
});

test('a settings change re-checks open documents', async () => {
    const uri = pathToFileURL(path.join(path.dirname(SAMPLE), 'copy-of-pingtan-2020.md')).href;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(SAMPLE, 'utf8') },
    });
    await client.waitForDiagnostics(uri, p => totals(p).length === 2, 'two total-mismatch diagnostics');

    // What vscode-languageclient sends and answers for the nianbao section:
    // the whole section, client-only keys (path, trace) included.
    const original = client.settings;
    const vscodeSection = {
        path: 'nianbao',
        template: 'auto',
        disabledRules: ['total-mismatch'],
        severity: {},
        trace: { server: 'off' },
    };
    client.settings = vscodeSection;
    try {
        await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { nianbao: vscodeSection },
        });
        const rechecked = await client.waitForDiagnostics(uri,
            p => totals(p).length === 0 && p.diagnostics.length > 0, 'diagnostics without total-mismatch');
        assert.ok(rechecked.diagnostics.every(d => d.code !== 'total-mismatch'));
    } finally {
        client.settings = original;
        await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { nianbao: original },
        });
    }
    await client.waitForDiagnostics(uri, p => totals(p).length === 2, 'total-mismatch back after re-enabling');
});

/** Opens the sample under a new uri and waits for its two wrong totals. */
async function openSampleCopy(name: string): Promise<{ uri: string; text: string; found: Diagnostic[] }> {
    const uri = pathToFileURL(path.join(path.dirname(SAMPLE), name)).href;
    const text = fs.readFileSync(SAMPLE, 'utf8');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
    const p = await client.waitForDiagnostics(uri, q => totals(q).length === 2, `two total-mismatch diagnostics in ${name}`);
    return { uri, text, found: totals(p) };
}

async function hoverText(uri: string, line: number, character: number): Promise<string> {
    const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri }, position: { line, character },
    }), 10000, 'textDocument/hover');
    assert.ok(hover, `no hover at ${line + 1}:${character + 1}`);
    assert.ok(MarkupContent.is(hover.contents), `hover contents ${JSON.stringify(hover.contents)}`);
    return hover.contents.value;
}

// The guides say what hover shows: on a total, its arithmetic; on a row label
// or a section heading, the template's wording. Positions are UTF-16, after
// Chinese text on the same line.
test('hover shows the arithmetic of a total and the template wording of a label', async () => {
    const { uri, text, found } = await openSampleCopy('hover-pingtan-2020.md');
    const grandTotal = found.sort((a, b) => a.range.start.character - b.range.start.character)[1];
    const onTotal = await hoverText(uri, grandTotal.range.start.line, grandTotal.range.start.character);
    assert.match(onTotal, /7 ?\+ ?6 ?\+ ?4 ?\+ ?3 ?\+ ?3 ?\+ ?4 ?= ?27/, `hover on the 总计 cell: ${onTotal}`);
    assert.match(onTotal, /21/, `the hover names the reported 21: ${onTotal}`);

    const lines = text.split(/\r?\n/);
    const row = lines.indexOf(WRONG_ROW);
    const onLabel = await hoverText(uri, row, WRONG_ROW.indexOf('总计'));
    assert.match(onLabel, /「（七）总计」/, `hover on the row label: ${onLabel}`);
    const heading = lines.indexOf('一、总体情况');
    assert.ok(heading >= 0);
    const onHeading = await hoverText(uri, heading, '一、总体'.length);
    assert.match(onHeading, /部分标题/, `hover on a section heading: ${onHeading}`);
    assert.match(onHeading, /「一、总体情况」/, `hover on a section heading: ${onHeading}`);
});

// Every level the VS Code settings offer for nianbao.severity, and the alias
// the guides mention, is one the server honours.
test('each nianbao.severity level of package.json reaches the diagnostics', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const levels: string[] = manifest.contributes.configuration.properties['nianbao.severity'].additionalProperties.enum;
    assert.deepEqual(levels, ['error', 'warning', 'info', 'hint', 'off']);
    const want: Record<string, DiagnosticSeverity | undefined> = {
        error: DiagnosticSeverity.Error,
        warning: DiagnosticSeverity.Warning,
        info: DiagnosticSeverity.Information,
        information: DiagnosticSeverity.Information,
        hint: DiagnosticSeverity.Hint,
        off: undefined,
    };
    const { uri } = await openSampleCopy('severity-pingtan-2020.md');
    const original = client.settings;
    try {
        // Consecutive levels differ, so each one makes the server re-check.
        for (const level of ['hint', 'information', 'warning', 'info', 'off', 'error']) {
            assert.ok(level === 'information' || levels.includes(level), level);
            client.settings = { template: 'auto', disabledRules: [], severity: { 'total-mismatch': level } };
            await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
                settings: { nianbao: client.settings },
            });
            const severity = want[level];
            await client.waitForDiagnostics(uri, p => severity === undefined
                ? totals(p).length === 0 && p.diagnostics.length > 0
                : totals(p).length === 2 && totals(p).every(d => d.severity === severity),
            `total-mismatch with severity ${level}`);
        }
    } finally {
        client.settings = original;
        await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { nianbao: original },
        });
    }
});
