// Run a Lite workbook's main.py in Pyodide under Node, the way xlwings Lite does, with no network.
//
//   node pyodide_runner.mjs REQUEST.json  ->  JSON on stdout
//
// REQUEST: {"pyodide": dir of the npm package, "wheels": [local .whl paths: packaging, micropip],
//           "packages": {"xlwings": "/path/xlwings-…-py3-none-any.whl", …},
//           "requirements": the workbook's requirements.txt, "main_py": its main.py,
//           "driver": source of pyodide_lite.py, "calls": [...]}
// Every requirement is installed with micropip from the local wheel named for it (emfs:), so a
// requirement with no local wheel fails as it would without an index. fetch() is replaced by one
// that throws: nothing may come from the network.
//
// The calls are handed to Python as Excel hands them to Lite: JavaScript objects (a JsProxy on the
// Python side, which converts them with .to_py()), empty cells as `null` — which Pyodide 0.28 and
// later turns into `pyodide.ffi.jsnull`, not None.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
globalThis.fetch = async (url) => {
  throw new Error(`network access attempted in the offline Lite test: ${url}`);
};

const { loadPyodide } = await import(`${request.pyodide}/pyodide.mjs`);
const pyodide = await loadPyodide({ indexURL: request.pyodide + "/", stdout: (s) => process.stderr.write(s + "\n"), stderr: (s) => process.stderr.write(s + "\n") });
for (const wheel of request.wheels) {
  await pyodide.loadPackage(wheel);  // a local file: Node reads it from disk
}
pyodide.FS.mkdirTree("/wheels");
const local = {};
for (const [name, path] of Object.entries(request.packages)) {
  const target = "/wheels/" + basename(path);
  pyodide.FS.writeFile(target, readFileSync(path));
  local[name.toLowerCase()] = "emfs:" + target;
}
pyodide.runPython(request.driver);
const installed = await pyodide.globals.get("setup")(request.requirements, JSON.stringify(local), request.main_py);
const call = pyodide.globals.get("call");
const results = [];
for (const c of request.calls) {
  results.push(JSON.parse(await call(c)));  // c stays a JavaScript object
}
const finish = pyodide.globals.get("finish");
process.stdout.write(finish(installed, JSON.stringify(results)));
