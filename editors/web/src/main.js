// nianbao's web page: a CodeMirror editor whose text is checked, on every change, by
// the engine compiled to WebAssembly in a Web Worker (worker.js). Nothing is sent
// anywhere: the page, the module and the text stay in this browser.
//
// The worker answers in the shape of `nianbao check --format json` (0-based lines,
// characters in UTF-16 code units — what JavaScript strings count), which maps 1:1 to
// CodeMirror's offsets. A result is shown only for the text it was computed on: while
// one check runs, further edits wait and the newest text is checked next.
import { EditorState } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, hoverTooltip, placeholder,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics, lintGutter, lintKeymap } from '@codemirror/lint';

const SETTINGS_KEY = 'nianbao.settings';
const DRAFT_KEY = 'nianbao.draft';
const DRAFT_NAME_KEY = 'nianbao.draftName'; // the file the draft was opened from

const $ = (sel) => document.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
};

// What the test reads (editors/web/test): the view, the last result and, per
// keystroke, the milliseconds from the change to its diagnostics being in the view.
const page = { latencies: [], result: null, checks: 0 };
window.nianbaoPage = page;

// ---- the worker -----------------------------------------------------------------
let worker;
const waiting = new Map();
let nextId = 1;
let readyResolve;
const workerReady = new Promise((r) => { readyResolve = r; });

function startWorker() {
  try {
    worker = new Worker('worker.js');
  } catch (err) {
    fatal('无法启动检查程序：请用 nianbao serve 或任一网页服务器打开本页（直接双击打开的网页不能运行检查程序）。');
    return;
  }
  worker.onmessage = (e) => {
    const { id, out } = e.data;
    if (id === 0) {
      if (out.error) fatal(out.error);
      else readyResolve();
      return;
    }
    const w = waiting.get(id);
    waiting.delete(id);
    if (w) w(out);
  };
  worker.onerror = () => fatal('检查程序无法加载：请用 nianbao serve 或任一网页服务器打开本页（直接双击打开的网页不能运行检查程序）。');
}

function call(op, ...args) {
  return new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    worker.postMessage({ id, op, args });
  });
}

function fatal(msg) {
  page.fatal = msg;
  setStatus(msg, 'error');
}

// ---- settings ---------------------------------------------------------------------
function loadSettings() {
  try {
    const s = JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}');
    return {
      template: ['auto', '2019', '2021'].includes(s.template) ? s.template : 'auto',
      disabled: Array.isArray(s.disabled) ? s.disabled.filter((x) => typeof x === 'string') : [],
    };
  } catch {
    return { template: 'auto', disabled: [] };
  }
}
let settings = loadSettings();

function saveSettings() {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    setStatus('无法在本机保存设置（浏览器禁止了本地存储），本次仍然有效。', 'warn');
  }
}

async function applySettings() {
  const out = await call('setOptions', settings.template, JSON.stringify(settings.disabled));
  if (out.error) {
    // A rule this version does not know (settings of another version): drop those.
    const known = new Set(rules.map((r) => r.id));
    settings.disabled = settings.disabled.filter((id) => known.has(id));
    await call('setOptions', settings.template, JSON.stringify(settings.disabled));
  }
  checked = null;
  scheduleCheck();
}

// ---- position mapping -------------------------------------------------------------
function toOffset(doc, p) {
  if (p.line >= doc.lines) return doc.length;
  const line = doc.line(p.line + 1);
  return Math.min(line.from + p.character, line.to);
}

function toLSP(doc, pos) {
  const line = doc.lineAt(pos);
  return { line: line.number - 1, character: pos - line.from };
}

// ---- checking ---------------------------------------------------------------------
let view;
let inFlight = false;
let checked = null; // the document the shown findings belong to
let fileName = '';
const changedAt = new WeakMap(); // doc → when the keystroke that made it happened

function scheduleCheck() {
  if (inFlight || !view) return;
  const doc = view.state.doc;
  if (doc === checked) return;
  inFlight = true;
  call('check', fileName || '报告', doc.toString()).then((out) => {
    inFlight = false;
    page.checks++;
    if (view.state.doc === doc) show(doc, out);
    scheduleCheck();
  });
}

const severityName = { error: '错误', warning: '警告', info: '提示', hint: '提示' };

function show(doc, out) {
  checked = doc;
  page.result = out;
  if (out.error) {
    view.dispatch(setDiagnostics(view.state, []));
    renderList([], out);
    setStatus(out.error, 'error');
    return;
  }
  const diags = out.diagnostics.map((d) => ({
    from: toOffset(doc, d.range.start),
    to: toOffset(doc, d.range.end),
    severity: d.severity,
    source: d.rule,
    message: d.message,
    renderMessage: () => messageDOM(doc, d),
    actions: d.fixes.map((f) => ({ name: f.title, apply: () => applyEdits(doc, f.edits, '已修正：' + f.title) })),
  }));
  view.dispatch(setDiagnostics(view.state, diags));
  const t0 = changedAt.get(doc);
  if (t0 !== undefined) {
    if (page.latencies.length >= 1000) page.latencies.shift();
    page.latencies.push(performance.now() - t0);
    changedAt.delete(doc);
  }
  renderList(out.diagnostics, out);
  scheduleOutline();
}

function messageDOM(doc, d) {
  const box = el('div', { className: 'msg' }, el('div', { textContent: d.message }));
  if (d.where) box.append(el('div', { className: 'where', textContent: '位置：' + d.where }));
  if (d.related.length) {
    const ul = el('ul', { className: 'related' });
    for (const r of d.related) {
      const a = el('a', { href: '#', textContent: r.message || '相关单元格' });
      a.onclick = (e) => { e.preventDefault(); jump(toOffset(doc, r.range.start), toOffset(doc, r.range.end), doc); };
      ul.append(el('li', {}, a));
    }
    box.append(ul);
  }
  return box;
}

// applyEdits applies edits computed on doc, if the text is still doc.
function applyEdits(doc, edits, note) {
  if (view.state.doc !== doc) {
    setStatus('文字刚改动过，检查结果正在更新，请再点一次。', 'warn');
    return false;
  }
  const changes = edits.map((e) => ({ from: toOffset(doc, e.range.start), to: toOffset(doc, e.range.end), insert: e.newText }));
  view.dispatch({ changes, userEvent: 'input.fix' });
  setStatus(note, 'ok');
  view.focus();
  return true;
}

function jump(from, to, doc) {
  if (doc && view.state.doc !== doc) return;
  view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: 'center' }) });
  view.focus();
}

// ---- the list beside the editor ---------------------------------------------------
function renderList(diags, out) {
  const list = $('#problems');
  list.replaceChildren();
  const doc = checked;
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const d of diags) {
    counts[d.severity]++;
    const item = el('li', { className: 'problem ' + d.severity });
    const head = el('div', { className: 'head' },
      el('span', { className: 'sev', textContent: severityName[d.severity] || d.severity }),
      el('span', { className: 'line', textContent: `第 ${d.range.start.line + 1} 行` }),
      el('code', { className: 'rule', textContent: d.rule }));
    item.append(head, messageDOM(doc, d));
    if (d.fixes.length) {
      const fixes = el('div', { className: 'fixes' });
      for (const f of d.fixes) {
        const b = el('button', { className: 'fix', textContent: f.title });
        b.onclick = (e) => { e.stopPropagation(); applyEdits(doc, f.edits, '已修正：' + f.title); };
        fixes.append(b);
      }
      item.append(fixes);
    }
    item.tabIndex = 0;
    item.onclick = (e) => {
      if (e.target.closest('a,button')) return;
      jump(toOffset(doc, d.range.start), toOffset(doc, d.range.end), doc);
    };
    item.onkeydown = (e) => {
      if (e.key === 'Enter' && e.target === item) jump(toOffset(doc, d.range.start), toOffset(doc, d.range.end), doc);
    };
    list.append(item);
  }
  const fixAll = $('#fix-all');
  const n = out.fixAll ? out.fixAll.length : 0;
  fixAll.disabled = n === 0;
  fixAll.textContent = n ? `全部修正（${n} 处）` : '全部修正';
  fixAll.onclick = () => applyEdits(doc, out.fixAll || [], `已修正 ${n} 处总计、表格文字和标题`);
  $('#count').textContent = diags.length
    ? `${counts.error} 个错误，${counts.warning} 个警告，${counts.info + counts.hint} 个提示`
    : '';
  if (out.error) return;
  let summary;
  if (view.state.doc.length === 0) summary = '把报告全文粘贴到左边，或点「打开文件」。';
  else if (out.year == null && out.format == null && diags.length === 0) summary = '没有找到年度报告的标题、部分标题或表格：这段文字不像政府信息公开工作年度报告，未检查。';
  else {
    const parts = [];
    if (out.year != null) parts.push(`${out.year} 年度报告`);
    if (out.format != null) parts.push(`${out.format} 年版格式`);
    parts.push(diags.length ? `发现 ${diags.length} 个问题` : '没有发现问题');
    summary = parts.join(' · ');
  }
  setStatus(summary, counts.error ? 'error' : diags.length ? 'warn' : 'ok', true);
}

let statusSticky = 0;
function setStatus(text, kind, fromCheck) {
  // A message about an action (a fix, a file) stays a few seconds over the summary.
  if (fromCheck && performance.now() < statusSticky) return;
  if (!fromCheck) statusSticky = performance.now() + 4000;
  const s = $('#status');
  s.textContent = text;
  s.className = kind || '';
}

// ---- outline ------------------------------------------------------------------------
let outlineTimer;
function scheduleOutline() {
  clearTimeout(outlineTimer);
  outlineTimer = setTimeout(async () => {
    const doc = checked;
    const syms = await call('outline');
    if (doc !== checked || !Array.isArray(syms)) return;
    const root = $('#outline');
    root.replaceChildren();
    const add = (parent, s) => {
      const a = el('a', { href: '#', textContent: s.name });
      a.onclick = (e) => { e.preventDefault(); const p = toOffset(doc, s.range.start); jump(p, p, doc); };
      const li = el('li', {}, a);
      if (s.detail) li.append(el('span', { className: 'detail', textContent: ' ' + s.detail }));
      if (s.children && s.children.length) {
        const ul = el('ul');
        for (const c of s.children) add(ul, c);
        li.append(ul);
      }
      parent.append(li);
    };
    for (const s of syms) add(root, s);
    if (!syms.length) root.append(el('li', { className: 'empty', textContent: '（未识别出报告的部分和表格）' }));
  }, 250);
}

// ---- hover: the arithmetic of a total, the template's wording of a label ----------
const arithmetic = hoverTooltip(async (v, pos) => {
  const doc = v.state.doc;
  if (doc !== checked) return null;
  const p = toLSP(doc, pos);
  const h = await call('hover', p.line, p.character);
  if (!h || h.error || doc !== checked) return null;
  return {
    pos: toOffset(doc, h.range.start),
    end: toOffset(doc, h.range.end),
    above: true,
    create: () => {
      const dom = el('div', { className: 'hover' }, el('strong', { textContent: h.title }));
      for (const line of h.text.split('\n')) dom.append(el('div', { textContent: line }));
      return { dom };
    },
  };
}, { hoverTime: 250 });

// ---- paste HTML, open and save files ---------------------------------------------
async function readInto(name, bytes, insertAt) {
  const out = await call('read', name, bytes);
  if (out.error) return out;
  if (insertAt) {
    view.dispatch(view.state.replaceSelection(out.text), { userEvent: 'input.paste', scrollIntoView: true });
  } else {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: out.text }, userEvent: 'input.open', selection: { anchor: 0 } });
  }
  return out;
}

const pasteHTML = EditorView.domEventHandlers({
  paste(event) {
    const html = event.clipboardData && event.clipboardData.getData('text/html');
    if (!html) return false; // plain text: CodeMirror pastes it as it is
    const plain = event.clipboardData.getData('text/plain');
    event.preventDefault();
    const bytes = new TextEncoder().encode(html);
    readInto('clipboard.html', bytes, true).then((out) => {
      if (out.error || !out.text.trim()) {
        // Nothing readable as a page (an image, a fragment): paste its text.
        view.dispatch(view.state.replaceSelection(plain), { userEvent: 'input.paste', scrollIntoView: true });
        if (out.error) setStatus('粘贴的网页内容无法读取，已按纯文字粘贴：' + out.error, 'warn');
      } else {
        setStatus('已把粘贴的网页或 Word 内容转成文字，表格每行一行、单元格用 | 分隔。', 'ok');
      }
      page.pastes = (page.pastes || 0) + 1;
    });
    return true;
  },
});

async function openFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const out = await readInto(file.name, bytes, false);
  if (out.error) {
    setStatus(`${file.name}：${out.error}`, 'error');
    return;
  }
  fileName = file.name;
  try { localStorage.setItem(DRAFT_NAME_KEY, fileName); } catch { /* storage off */ }
  document.title = `${file.name} — nianbao 年度报告检查`;
  setStatus(`已打开 ${file.name}${out.note ? '（' + out.note + '）' : ''}`, 'ok');
}

function saveText() {
  const base = (fileName || '年度报告').replace(/\.[^.]*$/, '');
  const ext = /\.md$/i.test(fileName) ? '.md' : '.txt';
  const blob = new Blob([view.state.doc.toString()], { type: 'text/plain;charset=utf-8' });
  const a = el('a', { href: URL.createObjectURL(blob), download: base + ext });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  setStatus(`已下载 ${base + ext}`, 'ok');
}

// ---- settings panel -----------------------------------------------------------------
let rules = [];
function renderSettings() {
  const sel = $('#template');
  sel.value = settings.template;
  sel.onchange = () => { settings.template = sel.value; saveSettings(); applySettings(); };
  const box = $('#rules');
  box.replaceChildren();
  for (const r of rules) {
    const cb = el('input', { type: 'checkbox', checked: !settings.disabled.includes(r.id) });
    cb.dataset.rule = r.id;
    cb.onchange = () => {
      settings.disabled = settings.disabled.filter((x) => x !== r.id);
      if (!cb.checked) settings.disabled.push(r.id);
      saveSettings();
      applySettings();
    };
    box.append(el('label', { title: r.id }, cb, ` ${r.title} `, el('code', { textContent: r.id })));
  }
}

// ---- start ------------------------------------------------------------------------
let draftTimer;
function start() {
  let draft = '';
  try {
    draft = localStorage.getItem(DRAFT_KEY) || '';
    fileName = localStorage.getItem(DRAFT_NAME_KEY) || '';
  } catch { /* storage off */ }
  view = new EditorView({
    parent: $('#editor'),
    state: EditorState.create({
      doc: draft,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), EditorView.lineWrapping,
        placeholder('把报告全文粘贴到这里（可直接从网页或 Word 复制），或点上方「打开文件」。'),
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
        lintGutter(), arithmetic, pasteHTML,
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          changedAt.set(u.state.doc, performance.now());
          scheduleCheck();
          clearTimeout(draftTimer);
          draftTimer = setTimeout(() => {
            // The draft stays in this browser only, so a closed tab loses nothing.
            try { localStorage.setItem(DRAFT_KEY, view.state.doc.toString()); } catch { /* too large or off */ }
          }, 1000);
        }),
      ],
    }),
  });
  page.view = view;
  page.checkedDoc = () => checked;
  page.scrollTo = (pos) => EditorView.scrollIntoView(pos, { y: 'center' });
  $('#open').onclick = () => $('#file').click();
  $('#file').onchange = (e) => { const f = e.target.files[0]; if (f) openFile(f); e.target.value = ''; };
  $('#save').onclick = saveText;
  startWorker();
  workerReady.then(async () => {
    rules = await call('rules');
    renderSettings();
    await applySettings();
    page.ready = true;
  });
}

start();
