// The engine's worker: loads Go's WebAssembly module (editors/web/wasm) and answers
// the page's requests one at a time, so that typing never waits for a check.
// Requests are {id, op, args}; answers {id, out}, out being what the module's
// function returned, parsed from JSON.
/* global Go, importScripts */
importScripts('wasm_exec.js');

async function load() {
  const go = new Go();
  let inst;
  try {
    inst = await WebAssembly.instantiateStreaming(fetch('nianbao.wasm'), go.importObject);
  } catch (err) {
    // A host that does not serve .wasm as application/wasm: compile from the bytes.
    const resp = await fetch('nianbao.wasm');
    if (!resp.ok) throw new Error(`nianbao.wasm: HTTP ${resp.status}`);
    inst = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
  }
  go.run(inst.instance);
  if (!self.nianbao) throw new Error('检查程序没有启动');
}

const ready = load();
ready.then(
  () => postMessage({ id: 0, out: { ready: true } }),
  (err) => postMessage({ id: 0, out: { error: `检查程序无法加载：${err.message || err}` } }),
);

self.onmessage = async (e) => {
  const { id, op, args } = e.data;
  let out;
  try {
    await ready;
    const t0 = performance.now();
    out = JSON.parse(self.nianbao[op](...args));
    if (out && typeof out === 'object' && !Array.isArray(out)) out.ms = performance.now() - t0;
  } catch (err) {
    out = { error: String(err && err.message ? err.message : err) };
  }
  postMessage({ id, out });
};
