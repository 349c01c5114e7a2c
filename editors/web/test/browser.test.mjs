// The page in a real browser: Debian's chromium, headless, driven by puppeteer-core
// (no browser is downloaded), on the folder `make web` built (dist/) as
// `nianbao serve` serves it on 127.0.0.1. What the page shows is compared with what
// the real `nianbao` command says about the same text.
//
// Without chromium the test is skipped with a message, except in CI (CI=true),
// where .ci/run installs it and its absence is a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const web = join(here, '..');
const repo = join(web, '..', '..');
const dist = join(web, 'dist');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

// The real command, built once into a temporary folder: the page is served by
// `nianbao serve`, and its findings compared with `nianbao check`'s.
let bin;
function build() {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-web-test-'));
  bin = join(dir, 'nianbao');
  execFileSync('go', ['build', '-o', bin, './cmd/nianbao'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  return dir;
}

// serve starts `nianbao serve` on a free loopback port and returns the process and
// the address it printed.
function serve() {
  const proc = spawn(bin, ['serve', '--addr', '127.0.0.1:0', dist], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/(127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve({ proc, url: `http://${m[1]}/` });
    });
    proc.on('exit', (code) => reject(new Error(`nianbao serve exited ${code}: ${stderr}`)));
  });
}

// nianbao runs the real command; check exits 1 when it finds errors.
function nianbao(...args) {
  try {
    return execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (err.status === 1 && err.stdout) return err.stdout;
    throw err;
  }
}

const sample = (p) => join(repo, 'testdata', p);

const skip = !existsSync(chromium) && process.env.CI !== 'true'
  ? `没有 ${chromium}（Debian：apt-get install chromium）：跳过浏览器测试` : false;
if (skip) console.log(`# SKIP browser test: ${chromium} not found (apt-get install chromium); CI installs it`);

test('the page in headless chromium', { skip, timeout: 180_000 }, async (t) => {
  assert.ok(existsSync(join(dist, 'nianbao.wasm')), 'dist/nianbao.wasm missing: run `make web` first');
  assert.ok(existsSync(chromium), `${chromium} missing: apt-get install chromium`);
  const { default: puppeteer } = await import('puppeteer-core');
  const binDir = build();
  const { proc: server, url } = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'nianbao-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
  t.after(async () => {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(profile, { recursive: true, force: true });
    rmSync(binDir, { recursive: true, force: true });
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.nianbaoPage && window.nianbaoPage.ready, { timeout: 30_000 });

  const result = () => page.evaluate(() => window.nianbaoPage.result);
  const docText = () => page.evaluate(() => window.nianbaoPage.view.state.doc.toString());
  // settle waits until the text shown has been checked.
  const settle = () => page.waitForFunction(() => {
    const p = window.nianbaoPage;
    return p.result && !p.busy();
  }, { timeout: 20_000 });
  await page.evaluate(() => {
    // The page shows a result only for the text it was computed on; this tells when
    // the current text has one.
    window.nianbaoPage.busy = () => window.nianbaoPage.checkedDoc() !== window.nianbaoPage.view.state.doc;
  });
  const paste = (data) => page.evaluate((data) => {
    const v = window.nianbaoPage.view;
    v.focus();
    v.dispatch({ selection: { anchor: 0, head: v.state.doc.length } });
    const dt = new DataTransfer();
    for (const [type, text] of Object.entries(data)) dt.setData(type, text);
    v.contentDOM.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);

  const pasteAndCheck = async (text) => {
    await paste({ 'text/plain': text });
    await page.waitForFunction((n) => window.nianbaoPage.view.state.doc.length === n, { timeout: 10_000 }, text.length);
    await settle();
    assert.equal(await docText(), text);
    return result();
  };

  await t.test('a pasted sample shows the findings of nianbao check, in the editor and beside it', async () => {
    const got = await pasteAndCheck(readFileSync(sample('samples/pingtan-2020.md'), 'utf8'));
    const cli = JSON.parse(nianbao('check', '--format', 'json', sample('samples/pingtan-2020.md'))).files[0];
    assert.deepEqual(got.diagnostics, cli.diagnostics, 'the page (WebAssembly) and nianbao check differ');
    assert.equal(got.year, 2020);
    const total = got.diagnostics.find((d) => d.rule === 'total-mismatch');
    assert.ok(total, 'pingtan-2020 has a wrong total');
    assert.ok(await page.$('.cm-lintRange-error'), 'no error underlined in the editor');
    const items = await page.$$eval('#problems .problem', (els) => els.map((e) => e.textContent));
    assert.equal(items.length, got.diagnostics.length);
    assert.ok(items[got.diagnostics.indexOf(total)].includes(total.message));
    await page.waitForFunction(() => document.querySelectorAll('#outline > li').length === 6, { timeout: 5000 });

    const shot = process.env.NIANBAO_SCREENSHOT || join(tmpdir(), 'nianbao-web.png');
    await page.screenshot({ path: shot });
    console.log(`# screenshot of the page with its findings: ${shot}`);
  });

  // pingtan-2021 has no wrong number (only an info on 一's length); its total of totals made wrong, 69 → 96.
  const clean = readFileSync(sample('samples/pingtan-2021.md'), 'utf8');
  const wrong = clean.replace('| 4 | 69 |', '| 4 | 96 |');
  assert.notEqual(wrong, clean);

  await t.test('hover on a wrong total shows its arithmetic', async () => {
    const res = await pasteAndCheck(wrong);
    const d = res.diagnostics.find((x) => x.rule === 'total-mismatch');
    assert.ok(d, 'the wrong total is reported');
    await page.evaluate((p) => {
      const v = window.nianbaoPage.view;
      v.dispatch({ effects: window.nianbaoPage.scrollTo(v.state.doc.line(p.line + 1).from + p.character) });
    }, d.range.start);
    await new Promise((r) => setTimeout(r, 100));
    const xy = await page.evaluate((p) => {
      const v = window.nianbaoPage.view;
      const c = v.coordsAtPos(v.state.doc.line(p.line + 1).from + p.character + 1);
      return { x: c.left, y: (c.top + c.bottom) / 2 };
    }, d.range.start);
    await page.mouse.move(xy.x, xy.y);
    await page.waitForSelector('.hover', { timeout: 5000 });
    const hover = await page.$eval('.hover', (e) => e.textContent);
    assert.match(hover, /总计 = 30 \+ 5 \+ 1 \+ 6 \+ 1 \+ 25 \+ 1 = 69/);
    assert.match(hover, /报告值 96/);
    await page.mouse.move(5, 5);
  });

  await t.test('a quick fix button rewrites the total and its findings go', async () => {
    const res = await result();
    const d = res.diagnostics.find((x) => x.rule === 'total-mismatch');
    const index = res.diagnostics.indexOf(d);
    const items = await page.$$('#problems .problem');
    await (await items[index].$('button.fix')).click();
    await settle();
    assert.equal(await docText(), clean, 'the fix did not restore the total');
    // What is left is what the command line finds in the sample as published (an
    // info on 一's length): the total and the balance it broke are gone.
    const cli = JSON.parse(nianbao('check', '--format', 'json', sample('samples/pingtan-2021.md'))).files[0];
    assert.ok(!cli.diagnostics.some((x) => x.rule === 'total-mismatch' || x.rule === 'balance-mismatch'));
    assert.deepEqual((await result()).diagnostics, cli.diagnostics, 'the total and the balance it broke are still reported');
  });

  await t.test('全部修正 gives the text of check --fix', async () => {
    const before = await pasteAndCheck(readFileSync(sample('samples/wuqiao-2020.txt'), 'utf8'));
    assert.ok(before.fixAll.length > 0);
    assert.match(await page.$eval('#fix-all', (b) => b.textContent), new RegExp(`全部修正（${before.fixAll.length} 处）`));
    await page.click('#fix-all');
    await settle();
    assert.equal(await docText(), readFileSync(sample('samples/wuqiao-2020.fixed.golden'), 'utf8'));
    assert.equal((await result()).fixAll.length, 0);
    assert.equal(await page.$eval('#fix-all', (b) => b.disabled), true);
  });

  await t.test('pasting a published page gives the Markdown of nianbao text', async () => {
    const html = readFileSync(sample('published/pingtan-2022.html'), 'utf8');
    const want = nianbao('text', sample('published/pingtan-2022.html'));
    await paste({ 'text/html': html, 'text/plain': 'plain text that must not be used' });
    await page.waitForFunction((n) => window.nianbaoPage.view.state.doc.length === n, { timeout: 10_000 }, want.length);
    await settle();
    assert.equal(await docText(), want);
    const cli = JSON.parse(nianbao('check', '--format', 'json', sample('published/pingtan-2022.html'))).files[0];
    assert.deepEqual((await result()).diagnostics, cli.diagnostics);
    assert.ok(cli.diagnostics.length > 0);
  });

  await t.test('opening a Word document reads it as nianbao text does', async () => {
    const want = nianbao('text', sample('published/pingtan-shenpi-2024.docx'));
    const input = await page.$('#file');
    await input.uploadFile(sample('published/pingtan-shenpi-2024.docx'));
    await page.waitForFunction((n) => window.nianbaoPage.view.state.doc.length === n, { timeout: 10_000 }, want.length);
    assert.equal(await docText(), want);
    const status = await page.$eval('#status', (e) => e.textContent);
    assert.match(status, /已打开 pingtan-shenpi-2024\.docx/);
  });

  await t.test('the rule choices and the template stay after a reload', async () => {
    await settle();
    assert.ok((await result()).diagnostics.some((d) => d.rule === 'total-mismatch'));
    await page.click('details summary');
    await page.click('#rules input[data-rule="total-mismatch"]');
    await page.waitForFunction(() => !window.nianbaoPage.result.diagnostics.some((d) => d.rule === 'total-mismatch'), { timeout: 10_000 });
    await page.select('#template', '2021');
    await page.waitForFunction(() => !window.nianbaoPage.result.diagnostics.some((d) => d.rule === 'total-mismatch'), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 1200)); // the draft is saved a second after the last change
    const text = await docText();
    await page.reload();
    await page.waitForFunction(() => window.nianbaoPage && window.nianbaoPage.ready, { timeout: 30_000 });
    await page.evaluate(() => {
      window.nianbaoPage.busy = () => window.nianbaoPage.checkedDoc() !== window.nianbaoPage.view.state.doc;
    });
    await settle();
    assert.equal(await docText(), text, 'the draft was not kept');
    assert.equal(await page.$eval('#rules input[data-rule="total-mismatch"]', (e) => e.checked), false);
    assert.equal(await page.$eval('#template', (e) => e.value), '2021');
    assert.ok(!(await result()).diagnostics.some((d) => d.rule === 'total-mismatch'));
    await page.click('details summary');
    await page.click('#rules input[data-rule="total-mismatch"]');
    await page.select('#template', 'auto');
    await page.waitForFunction(() => window.nianbaoPage.result.diagnostics.some((d) => d.rule === 'total-mismatch'), { timeout: 10_000 });
  });

  await t.test('typing: keystroke to updated diagnostics', async () => {
    const text = readFileSync(sample('samples/pingtan-2021.md'), 'utf8');
    await paste({ 'text/plain': text });
    await page.waitForFunction((n) => window.nianbaoPage.view.state.doc.length === n, {}, text.length);
    await settle();
    // Type at the end of the first paragraph of 一、总体情况: prose, in Chinese and digits.
    const at = text.indexOf('\n', text.indexOf('一、总体情况') + 10);
    await page.evaluate((at) => {
      const v = window.nianbaoPage.view;
      v.focus();
      v.dispatch({ selection: { anchor: at } });
      window.nianbaoPage.latencies.length = 0;
    }, at);
    const typed = '本年度共办理依申请公开2件，均已按时答复。'.repeat(10).slice(0, 200);
    assert.equal(typed.length, 200);
    await page.keyboard.type(typed, { delay: 25 });
    await settle();
    assert.ok((await docText()).includes(typed), 'the typed text is not in the editor');
    const lat = await page.evaluate(() => window.nianbaoPage.latencies.slice());
    assert.ok(lat.length >= 150, `only ${lat.length} of 200 keystrokes got their own diagnostics`);
    lat.sort((a, b) => a - b);
    const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
    console.log(`# keystroke → updated diagnostics over ${lat.length} keystrokes: median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(2)} ms (target: median < 16 ms)`);
    // The target is one frame; the test fails only far beyond it, as the host is shared.
    assert.ok(q(0.5) < 48, `median ${q(0.5)} ms`);
  });

  await t.test('保存文字 downloads the text as it is in the editor', async () => {
    const downloads = mkdtempSync(join(tmpdir(), 'nianbao-download-'));
    t.after(() => rmSync(downloads, { recursive: true, force: true }));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    const text = await docText();
    await page.click('#save');
    // Named after the file opened last (the .docx), as text.
    const saved = join(downloads, 'pingtan-shenpi-2024.txt');
    const deadline = Date.now() + 10_000;
    while (!existsSync(saved) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(saved), `no ${saved} downloaded: ${JSON.stringify(readdirSync(downloads))}`);
    assert.equal(readFileSync(saved, 'utf8'), text);
  });

  assert.deepEqual(pageErrors, [], 'errors on the page');
});
