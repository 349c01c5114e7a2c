// Checks the .vsix that `npm run package` made: it must hold only what runs
// (the esbuild bundle) and the docs, so a change to .vscodeignore, the bundle
// or the dependencies that drags node_modules, sources or maps back in fails
// the build instead of shipping. Run as a script after `vsce package`; the
// functions are unit-tested in unit.test.ts.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** One file in a zip archive, as its central directory records it. */
export interface ZipEntry {
    name: string;
    /** Uncompressed size in bytes. */
    size: number;
}

/**
 * Lists the files of a zip archive from its central directory. A .vsix is a
 * plain zip written by vsce (yazl); Zip64 archives, which only files past
 * 4 GB or 65535 entries need, are refused rather than misread.
 */
export function zipEntries(zip: Buffer): ZipEntry[] {
    // The end-of-central-directory record is 22 bytes plus a comment of at
    // most 65535 bytes, at the very end of the file.
    const EOCD = 0x06054b50;
    const CENTRAL = 0x02014b50;
    let eocd = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
        if (zip.readUInt32LE(i) === EOCD) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) {
        throw new Error('not a zip archive: no end-of-central-directory record');
    }
    const count = zip.readUInt16LE(eocd + 10);
    let offset = zip.readUInt32LE(eocd + 16);
    if (count === 0xffff || offset === 0xffffffff) {
        throw new Error('Zip64 archive: not expected for a .vsix');
    }
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
        if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL) {
            throw new Error(`corrupt zip: central directory entry ${i} not found at byte ${offset}`);
        }
        const size = zip.readUInt32LE(offset + 24);
        const nameLength = zip.readUInt16LE(offset + 28);
        const extraLength = zip.readUInt16LE(offset + 30);
        const commentLength = zip.readUInt16LE(offset + 32);
        entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size });
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

/**
 * The bounds a .vsix must stay within. Measured: 7 files and 114 KB (the
 * bundle is 455 KB unpacked) with vscode-languageclient 11 and esbuild 0.28.
 * About twice that leaves room for a new small dependency and stops a
 * regression like the unbundled package (392 files, 705 KB).
 */
export const VSIX_LIMITS = { files: 12, bytes: 250 * 1024 };

/**
 * What is wrong with a .vsix of the given entries and size, in English (a
 * build message); empty when nothing is. main is package.json's "main".
 */
export function vsixProblems(entries: ZipEntry[], bytes: number, main: string): string[] {
    const problems: string[] = [];
    const misplaced: string[] = [];
    for (const e of entries) {
        if (/(^|\/)node_modules\//.test(e.name)) {
            misplaced.push(`${e.name}: node_modules must not be packaged; the bundle carries the dependencies`);
        } else if (/\.map$/.test(e.name)) {
            misplaced.push(`${e.name}: source maps stay out of the .vsix`);
        } else if (/\.ts$/.test(e.name)) {
            misplaced.push(`${e.name}: TypeScript sources and .d.ts files stay out of the .vsix`);
        }
    }
    // A broken .vscodeignore lets in hundreds; the first few say what happened.
    problems.push(...misplaced.slice(0, 10));
    if (misplaced.length > 10) {
        problems.push(`… and ${misplaced.length - 10} more files that do not belong`);
    }
    if (entries.length > VSIX_LIMITS.files) {
        problems.push(`${entries.length} files, more than ${VSIX_LIMITS.files}: check .vscodeignore`);
    }
    if (bytes > VSIX_LIMITS.bytes) {
        problems.push(`${kb(bytes)}, more than ${kb(VSIX_LIMITS.bytes)}`);
    }
    const mainEntry = 'extension/' + path.posix.normalize(main);
    if (!entries.some(e => e.name === mainEntry)) {
        problems.push(`${mainEntry} (package.json "main") is not in the .vsix`);
    }
    return problems;
}

function kb(bytes: number): string {
    return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * Checks <name>-<version>.vsix in dir, as `npm run package` leaves it. The
 * packaged main must be byte for byte the size of the bundle on disk: that
 * proves both that vsce took the fresh bundle and that the entries were read
 * right. Returns the lines to print and whether the check passed.
 */
export function checkVsix(dir: string): { ok: boolean; lines: string[] } {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as
        { name: string; version: string; main: string };
    const file = path.join(dir, `${manifest.name}-${manifest.version}.vsix`);
    const zip = fs.readFileSync(file);
    const entries = zipEntries(zip);
    const problems = vsixProblems(entries, zip.length, manifest.main);
    const packaged = entries.find(e => e.name === 'extension/' + path.posix.normalize(manifest.main));
    const onDisk = fs.statSync(path.join(dir, manifest.main)).size;
    if (packaged && packaged.size !== onDisk) {
        problems.push(`${packaged.name} is ${packaged.size} bytes in the .vsix, ${onDisk} on disk`);
    }
    const lines = [`${path.basename(file)}: ${entries.length} files, ${kb(zip.length)}`,
        ...entries.map(e => `  ${e.name} (${kb(e.size)})`)];
    return problems.length === 0
        ? { ok: true, lines }
        : { ok: false, lines: [...lines, 'vsix check failed:', ...problems.map(p => `  ${p}`)] };
}

if (require.main === module) {
    const { ok, lines } = checkVsix(path.resolve(__dirname, '..', '..'));
    (ok ? console.log : console.error)(lines.join('\n'));
    process.exitCode = ok ? 0 : 1;
}
