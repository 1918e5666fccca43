/**
 * Which Python runs the server: `notesense.interpreter`, else the Python extension's selected
 * interpreter (its API is optional), else `python3`. The server itself comes with the extension
 * (bundled/libs), so any Python >= 3.10 will do; `probe` asks the interpreter before starting, so a
 * wrong one becomes a clear message instead of a server that silently dies.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredInterpreter, type ImportStrategy } from './settings';

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
    return { python: selected, source: vscode.l10n.t('the Python extension') };
  }
  return { python: FALLBACK, source: vscode.l10n.t('default') };
}

/** Subscribe to interpreter changes in the Python extension, when it is installed. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  const api = await pythonApi().catch(() => undefined);
  return api?.environments.onDidChangeActiveEnvironmentPath(listener);
}

/** What `lsp_server.py --probe` reports about an interpreter. */
export interface Probe {
  /** `3.11.7` */
  python: string;
  executable: string;
  /** False when the interpreter is older than `minimum` (then nothing below is set). */
  supported: boolean;
  minimum: string;
  /** Whether the server's notesense is the extension's own or the interpreter's. */
  origin?: 'bundled' | 'environment';
  version?: string;
  /** The folder of the notesense package that will serve. */
  location?: string;
}

/** The script that starts the server from the extension's bundle (see its docstring). */
export function serverScript(extensionPath: string): string {
  return path.join(extensionPath, 'bundled', 'tool', 'lsp_server.py');
}

/** The environment of the server process: the import strategy travels in it. */
export function serverEnvironment(strategy: ImportStrategy): NodeJS.ProcessEnv {
  return { ...process.env, NOTESENSE_IMPORT_STRATEGY: strategy };
}

/** Ask `python` which notesense it would run; rejects with the reason when it cannot run at all. */
export function probe(python: string, strategy: ImportStrategy, extensionPath: string): Promise<Probe> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [serverScript(extensionPath), '--probe'],
      { timeout: 20000, env: serverEnvironment(strategy) },
      (error, stdout, stderr) => {
        const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
        const reason = missing ? vscode.l10n.t('no such file') : stderr.trim().split('\n').pop() || error?.message;
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Probe);
        } catch {
          reject(new Error(reason || `no answer from ${python}`));
        }
      },
    );
  });
}
