// The VS Code side of nianbao: it starts `nianbao lsp` for plain-text and
// Markdown documents and leaves every decision about what is a report, what
// is wrong and how to fix it to the server.

import * as vscode from 'vscode';
import {
    CodeAction,
    CodeActionRequest,
    CodeActionTriggerKind,
    Command,
    LanguageClient,
    LanguageClientOptions,
    ServerOptions,
    State,
} from 'vscode-languageclient/node';
import { INSTALL_COMMANDS, missingBinaryMessage, resolveServerPath } from './server';
import { serverSettings } from './settings';

/** The code action kind under which the server offers every fix at once. */
const FIX_ALL_KIND = 'source.fixAll.nianbao';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    // One channel for the whole session, so restarts append to the same log
    // instead of opening a new "nianbao" entry each time.
    output = vscode.window.createOutputChannel('nianbao', { log: true });
    context.subscriptions.push(
        output,
        vscode.commands.registerCommand('nianbao.restart', () => restart()),
        vscode.commands.registerCommand('nianbao.fixAll', () => fixAll()),
        vscode.workspace.onDidChangeConfiguration(event => {
            // The binary path is read only at start; other settings reach the
            // running server through workspace/didChangeConfiguration.
            if (event.affectsConfiguration('nianbao.path')) {
                void restart();
            }
        }),
    );
    await start();
}

export async function deactivate(): Promise<void> {
    await stop();
}

async function start(): Promise<void> {
    const config = vscode.workspace.getConfiguration('nianbao');
    const configured = config.get<string>('path') || 'nianbao';
    const command = resolveServerPath(configured);
    if (!command) {
        output?.error(missingBinaryMessage(configured));
        void showMissingBinary(configured);
        return;
    }
    output?.info(`starting ${command} lsp`);

    const serverOptions: ServerOptions = {
        command,
        args: ['lsp', '--stdio'],
        options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const clientOptions: LanguageClientOptions = {
        // The server answers non-report documents with an empty diagnostics
        // list, so it is safe to hand it every text and Markdown file.
        documentSelector: [
            { scheme: 'file', language: 'plaintext' },
            { scheme: 'file', language: 'markdown' },
            { scheme: 'untitled', language: 'plaintext' },
            { scheme: 'untitled', language: 'markdown' },
        ],
        // Read when the server (re)starts; later changes come through
        // workspace/configuration, which the client answers from the same
        // settings.
        initializationOptions: () => serverSettings(vscode.workspace.getConfiguration('nianbao')),
        // Makes the client send workspace/didChangeConfiguration when a
        // nianbao.* setting changes, which is the server's cue to re-check.
        synchronize: { configurationSection: 'nianbao' },
        outputChannel: output,
        diagnosticCollectionName: 'nianbao',
    };
    // The id 'nianbao' makes the client honour the nianbao.trace.server setting.
    client = new LanguageClient('nianbao', 'nianbao', serverOptions, clientOptions);
    try {
        await client.start();
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        output?.error(`nianbao lsp failed to start: ${message}`);
        void vscode.window.showErrorMessage(`nianbao 语言服务器启动失败：${message}`, '查看日志')
            .then(choice => { if (choice) { output?.show(); } });
    }
}

async function stop(): Promise<void> {
    const running = client;
    client = undefined;
    if (running && running.state !== State.Stopped) {
        await running.stop(2000).catch(() => undefined);
    }
}

async function restart(): Promise<void> {
    await stop();
    await start();
}

async function showMissingBinary(configured: string): Promise<void> {
    const copy = '复制安装命令';
    const settings = '打开设置';
    const choice = await vscode.window.showErrorMessage(missingBinaryMessage(configured), copy, settings);
    if (choice === copy) {
        await vscode.env.clipboard.writeText(INSTALL_COMMANDS[0]);
    } else if (choice === settings) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'nianbao.path');
    }
}

/**
 * Applies the server's source.fixAll.nianbao action to the active document:
 * every total, label and heading fix the server knows, in one undoable edit.
 */
async function fixAll(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
        void vscode.window.showInformationMessage('nianbao：请先打开一份年度报告。');
        return;
    }
    if (!client || !client.isRunning()) {
        void vscode.window.showErrorMessage('nianbao 语言服务器没有运行；请运行“nianbao: 重启语言服务器”。');
        return;
    }
    const document = editor.document;
    const c2p = client.code2ProtocolConverter;
    const fullRange = new vscode.Range(0, 0, document.lineCount, 0);
    const result = await client.sendRequest(CodeActionRequest.type, {
        textDocument: c2p.asTextDocumentIdentifier(document),
        range: c2p.asRange(document.validateRange(fullRange)),
        context: {
            diagnostics: [],
            only: [FIX_ALL_KIND],
            triggerKind: CodeActionTriggerKind.Invoked,
        },
    });
    const action = (result ?? []).find((a): a is CodeAction => !Command.is(a) && a.kind === FIX_ALL_KIND);
    if (!action) {
        void vscode.window.showInformationMessage('nianbao：本文件没有需要修正的总计、表格文字或部分标题。');
        return;
    }
    if (action.edit) {
        const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
        if (!await vscode.workspace.applyEdit(edit)) {
            void vscode.window.showErrorMessage('nianbao：修正没有应用成功，文件可能已被修改，请重试。');
            return;
        }
    }
    if (action.command) {
        await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
}
