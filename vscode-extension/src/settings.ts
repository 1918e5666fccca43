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

function resolveNotes(folders: string[], base: vscode.WorkspaceFolder | undefined): string[] {
  return folders
    .filter((folder) => folder.trim() !== '')
    .map((folder) => folder.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~'))
    .map((folder) => (path.isAbsolute(folder) || !base ? folder : path.join(base.uri.fsPath, folder)));
}

/**
 * The settings that apply to one resource (a file or a folder; none means the window, whose
 * relative note folders resolve against the first workspace folder).
 */
export function serverSettings(scope?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  return {
    notes: resolveNotes(config.get<string[]>('notes', []), folder),
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

/** The interpreter the user chose for notesense, or undefined to fall back. */
export function configuredInterpreter(scope?: vscode.Uri): string | undefined {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<string>('interpreter', '').trim();
  return value === '' ? undefined : value;
}
