#!/usr/bin/env node
// Installs notesense and its dependencies into bundled/libs, so the .vsix runs the server with any
// Python >= 3.10 and nothing installed (the way ruff-vscode and Microsoft's Python tools template ship
// theirs). Run by `npm run package` (vscode:prepublish); needs a Python >= 3.10 with pip and PyPI.
//
// - The dependencies come from requirements.txt: pinned and hashed (`pip --require-hashes`), resolved
//   from ../pyproject.toml for Python 3.10 so that what older Pythons need (exceptiongroup) is in:
//     uv pip compile ../pyproject.toml --python-version 3.10 --generate-hashes -o requirements.txt
// - `--implementation py` takes only pure-Python wheels, so one .vsix serves every platform. PyYAML
//   has none: pip builds its sdist, with PYYAML_FORCE_LIBYAML=0 so no C extension is compiled (the
//   safe loader falls back to pure Python; the library cache hides the cost).
// - notesense itself is built from this checkout (its wheel carries the bundled notes and snippets).
// The result is checked: no compiled file, and the bundled notesense has package.json's version.
//
// Environment: NOTESENSE_BUILD_PYTHON (default python3, `python` on Windows).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const EXTENSION = path.resolve(import.meta.dirname, '..');
const ROOT = path.dirname(EXTENSION);
const LIBS = path.join(EXTENSION, 'bundled', 'libs');
const PYTHON = process.env.NOTESENSE_BUILD_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
const COMPILED = /\.(so|pyd|dylib|dll)$/i;

function pip(...args) {
  execFileSync(PYTHON, ['-m', 'pip', 'install', '--target', LIBS, '--no-cache-dir', '--no-deps', '--no-compile', '--disable-pip-version-check', '--quiet', ...args], {
    cwd: EXTENSION,
    stdio: 'inherit',
    env: { ...process.env, PYYAML_FORCE_LIBYAML: '0', PIP_REQUIRE_VIRTUALENV: '0' },
  });
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(full);
    } else {
      yield full;
    }
  }
}

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}

const version = execFileSync(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
const [major, minor] = version.split('.').map(Number);
if (major < 3 || (major === 3 && minor < 10)) {
  fail(`${PYTHON} is Python ${version}; packaging needs Python >= 3.10 (set NOTESENSE_BUILD_PYTHON)`);
}

const started = Date.now();
fs.rmSync(LIBS, { recursive: true, force: true });
pip('--implementation', 'py', '--require-hashes', '-r', 'requirements.txt');
pip('--upgrade', ROOT); // --upgrade: replaces the first step's bin/, removed below
// Console scripts name the build machine's Python; the extension starts bundled/tool/lsp_server.py.
fs.rmSync(path.join(LIBS, 'bin'), { recursive: true, force: true });
const compiled = [...walk(LIBS)].filter((file) => COMPILED.test(file));
if (compiled.length) {
  fail(`compiled files would tie the .vsix to one platform: ${compiled.map((f) => path.relative(LIBS, f)).join(', ')}`);
}
const expected = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8')).version;
const bundled = /__version__\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(LIBS, 'notesense', '__init__.py'), 'utf8'))?.[1];
if (bundled !== expected) {
  fail(`the bundled notesense is ${bundled}, the extension ${expected}: one version for both (pyproject / package.json)`);
}
console.log(`bundle: notesense ${bundled} and ${fs.readdirSync(LIBS).filter((n) => n.endsWith('.dist-info')).length - 1} dependencies in ${path.relative(EXTENSION, LIBS)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
