/**
 * Which Python runs the server: `notesense.interpreter`, else the Python extension's selected
 * interpreter (its API is optional), else `python3`. Checks that notesense is importable there so a
 * missing install becomes a notification with the exact command, not a server that silently dies.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredInterpreter } from './settings';

/** The slice of the ms-python.python API we use (`environments`, present since 2023). */
interface PythonApi {
  environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(env: { path: string }): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

const FALLBACK = process.platform === 'win32' ? 'python' : 'python3';

async function pythonApi(): Promise<PythonApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>('ms-python.python');
  if (!extension) {
    return undefined;
  }
  const api = extension.isActive ? extension.exports : await extension.activate();
  return api?.environments ? api : undefined;
}

async function selectedByPythonExtension(resource?: vscode.Uri): Promise<string | undefined> {
  const api = await pythonApi();
  if (!api) {
    return undefined;
  }
  const active = api.environments.getActiveEnvironmentPath(resource);
  const resolved = await api.environments.resolveEnvironment(active);
  return resolved?.executable.uri?.fsPath;
}

/** The interpreter for the server, with where it came from (shown in the log and messages). */
export async function resolveInterpreter(resource?: vscode.Uri): Promise<{ python: string; source: string }> {
  const configured = configuredInterpreter(resource);
  if (configured) {
    return { python: configured, source: 'notesense.interpreter' };
  }
  const selected = await selectedByPythonExtension(resource).catch(() => undefined);
  if (selected) {
    return { python: selected, source: 'the Python extension' };
  }
  return { python: FALLBACK, source: 'default' };
}

/** Subscribe to interpreter changes in the Python extension, when it is installed. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  const api = await pythonApi().catch(() => undefined);
  return api?.environments.onDidChangeActiveEnvironmentPath(listener);
}

/** Undefined when `python -c "import notesense"` works, else why it did not. */
export function notesenseImportError(python: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import notesense'], { timeout: 20000 }, (error, _stdout, stderr) => {
      resolve(error ? (stderr.trim().split('\n').pop() ?? error.message) || error.message : undefined);
    });
  });
}

/** A workspace folder that is a notesense checkout, to offer `pip install -e` instead of PyPI. */
function notesenseCheckout(): string | undefined {
  return (vscode.workspace.workspaceFolders ?? [])
    .map((folder) => folder.uri.fsPath)
    .find((folder) => fs.existsSync(path.join(folder, 'server', 'notesense', '__init__.py')));
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The exact command that installs notesense into this interpreter. */
export function installCommand(python: string): string {
  const checkout = notesenseCheckout();
  const target = checkout ? `-e ${shellQuote(checkout)}` : 'notesense';
  return `${shellQuote(python)} -m pip install ${target}`;
}

/** Tell the user notesense is missing, with buttons that run or copy the install command. */
export async function reportMissing(python: string, source: string, reason: string): Promise<void> {
  const command = installCommand(python);
  const run = 'Install in terminal';
  const copy = 'Copy command';
  const choice = await vscode.window.showErrorMessage(
    `notesense is not installed for ${python} (from ${source}): ${reason}. Install it with: ${command}`,
    run,
    copy,
  );
  if (choice === run) {
    const terminal = vscode.window.createTerminal('notesense install');
    terminal.show();
    terminal.sendText(command);
  } else if (choice === copy) {
    await vscode.env.clipboard.writeText(command);
  }
}
