// A minimal LSP client for the tests, made of the same libraries as the VS
// Code client (vscode-jsonrpc, vscode-languageserver-protocol). It speaks to
// a real `nianbao lsp` process over stdio.

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
    ConfigurationRequest,
    createProtocolConnection,
    Diagnostic,
    ProtocolConnection,
    PublishDiagnosticsNotification,
    PublishDiagnosticsParams,
    RegistrationRequest,
    StreamMessageReader,
    StreamMessageWriter,
    WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { resolveServerPath } from '../server';

/** The repository root, from out/test/ inside editors/vscode. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * Finds the nianbao binary to test: $NIANBAO_BIN if set; otherwise a fresh
 * `go build` of this checkout, so the test always runs the server next to
 * it; otherwise `nianbao` on PATH, for machines without Go.
 */
export function nianbaoBinary(): { path: string; cleanup: () => void } {
    const fromEnv = process.env.NIANBAO_BIN;
    if (fromEnv) {
        if (!fs.existsSync(fromEnv)) {
            throw new Error(`NIANBAO_BIN=${fromEnv} does not exist`);
        }
        return { path: path.resolve(fromEnv), cleanup: () => undefined };
    }
    const go = resolveServerPath('go');
    if (go && fs.existsSync(path.join(REPO_ROOT, 'go.mod'))) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-vscode-test-'));
        const bin = path.join(dir, process.platform === 'win32' ? 'nianbao.exe' : 'nianbao');
        execFileSync(go, ['build', '-o', bin, './cmd/nianbao'], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 300_000 });
        return { path: bin, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
    }
    const onPath = resolveServerPath('nianbao');
    if (onPath) {
        return { path: onPath, cleanup: () => undefined };
    }
    throw new Error('no nianbao binary: set NIANBAO_BIN, install Go, or put nianbao on PATH');
}

/** Waits for published diagnostics of one document to satisfy a predicate. */
interface Waiter {
    uri: string;
    predicate: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
}

export class TestClient {
    readonly connection: ProtocolConnection;
    private readonly process: ChildProcess;
    private readonly latest = new Map<string, PublishDiagnosticsParams>();
    private waiters: Waiter[] = [];
    private stderr = '';
    /** What the client answers to workspace/configuration for `nianbao`. */
    settings: unknown = { template: 'auto', disabledRules: [], severity: {} };

    constructor(binary: string) {
        this.process = spawn(binary, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        // Keep the server's log for failure messages instead of interleaving it
        // with the test output.
        this.process.stderr!.on('data', chunk => { this.stderr += chunk.toString(); });
        this.connection = createProtocolConnection(
            new StreamMessageReader(this.process.stdout!),
            new StreamMessageWriter(this.process.stdin!),
        );
        this.connection.onNotification(PublishDiagnosticsNotification.type, params => {
            this.latest.set(params.uri, params);
            this.waiters = this.waiters.filter(w => {
                if (w.uri === params.uri && w.predicate(params)) {
                    w.resolve(params);
                    return false;
                }
                return true;
            });
        });
        this.connection.onRequest(ConfigurationRequest.type, params =>
            params.items.map(item => (item.section === 'nianbao' || item.section === undefined ? this.settings : null)));
        this.connection.onRequest(RegistrationRequest.type, () => undefined);
        this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
        this.connection.listen();
    }

    /** The server's stderr so far, for assertion messages. */
    get log(): string {
        return this.stderr;
    }

    /**
     * Resolves with the first publication for uri (the latest one already
     * received included) that satisfies predicate; rejects after timeoutMs.
     */
    waitForDiagnostics(
        uri: string,
        predicate: (p: PublishDiagnosticsParams) => boolean,
        what: string,
        timeoutMs = 15000,
    ): Promise<PublishDiagnosticsParams> {
        const current = this.latest.get(uri);
        if (current && predicate(current)) {
            return Promise.resolve(current);
        }
        return new Promise((resolve, reject) => {
            const waiter: Waiter = { uri, predicate, resolve: p => { clearTimeout(timer); resolve(p); } };
            const timer = setTimeout(() => {
                this.waiters = this.waiters.filter(w => w !== waiter);
                const last = this.latest.get(uri);
                reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last diagnostics: ` +
                    `${JSON.stringify(last?.diagnostics.map(brief))}\nserver log:\n${this.stderr}`));
            }, timeoutMs);
            this.waiters.push(waiter);
        });
    }

    /** shutdown + exit, then waits (bounded) for the process to end. */
    async close(timeoutMs = 5000): Promise<number | null> {
        const exited = new Promise<number | null>(resolve => {
            if (this.process.exitCode !== null) {
                resolve(this.process.exitCode);
            }
            this.process.once('exit', code => resolve(code));
        });
        try {
            await withTimeout(this.connection.sendRequest('shutdown'), timeoutMs, 'shutdown');
            await this.connection.sendNotification('exit');
            return await withTimeout(exited, timeoutMs, 'process exit after exit notification');
        } finally {
            this.connection.dispose();
            if (this.process.exitCode === null) {
                this.process.kill();
            }
        }
    }
}

/** A diagnostic in one line, for failure messages. */
export function brief(d: Diagnostic): string {
    return `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise<T>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
        }),
    ]);
}
