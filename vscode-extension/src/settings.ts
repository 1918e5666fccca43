/**
 * The notesense settings, read per workspace folder and shaped the way the server reads them
 * (initializationOptions and workspace/configuration share one shape), so relative note folders
 * resolve against the folder that declared them in a multi-root workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const SECTION = 'notesense';

/**
 * What the server receives: `{"notes": [...], "lint": {"enable"}, "completion": {"showAll"}, "trusted"}`.
 * `trusted` is the workspace-trust state: the server reads the workspace's pyproject.toml only when
 * it is true (in Restricted Mode VS Code itself leaves out workspace values of `notesense.notes`).
 */
export interface ServerSettings {
  notes: string[];
  lint: { enable: boolean };
  completion: { showAll: boolean };
  trusted: boolean;
}

/** Where the server's notesense comes from (see bundled/tool/lsp_server.py). */
export type ImportStrategy = 'useBundled' | 'fromEnvironment';

/** How the server process is started: read at each start (a change restarts the server). */
export interface LaunchSettings {
  importStrategy: ImportStrategy;
  logLevel: string;
  /** Where the server writes its log; empty: the notesense output channel. */
  logFile: string;
}

function expandHome(file: string): string {
  return file.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~');
}

/** `~` expanded; a relative path resolves against `base` (the workspace folder that set it). */
function resolvePath(file: string, base: vscode.WorkspaceFolder | undefined): string {
  const expanded = expandHome(file.trim());
  return path.isAbsolute(expanded) || !base ? expanded : path.join(base.uri.fsPath, expanded);
}

function folderOf(scope?: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
}

/**
 * The settings that apply to one resource (a file or a folder; none means the window, whose
 * relative note folders resolve against the first workspace folder).
 */
export function serverSettings(scope?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const folder = folderOf(scope);
  return {
    notes: config
      .get<string[]>('notes', [])
      .filter((notes) => notes.trim() !== '')
      .map((notes) => resolvePath(notes, folder)),
    lint: { enable: config.get<boolean>('lint.enable', true) },
    completion: { showAll: config.get<boolean>('completion.showAll', false) },
    trusted: vscode.workspace.isTrusted,
  };
}

/**
 * Start-up options for one server that covers every workspace folder: the note folders of all
 * folders merge (the server merges several note folders), the flags come from the window.
 */
export function initializationOptions(): ServerSettings {
  const window = serverSettings();
  const perFolder = (vscode.workspace.workspaceFolders ?? []).map((folder) => serverSettings(folder.uri));
  const notes = [...new Set([...window.notes, ...perFolder.flatMap((settings) => settings.notes)])];
  return { ...window, notes };
}

export function launchSettings(scope?: vscode.Uri): LaunchSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const logFile = config.get<string>('logFile', '');
  return {
    importStrategy: config.get<string>('importStrategy') === 'fromEnvironment' ? 'fromEnvironment' : 'useBundled',
    logLevel: config.get<string>('logLevel', 'warning'),
    logFile: logFile.trim() ? resolvePath(logFile, folderOf(scope)) : '',
  };
}

/** The interpreter the user chose for notesense, or undefined to fall back. */
export function configuredInterpreter(scope?: vscode.Uri): string | undefined {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<string>('interpreter', '').trim();
  return value === '' ? undefined : value;
}
