/**
 * notesense for VS Code: starts the notesense language server for Python files with the right
 * interpreter, restarts it when its settings or the selected interpreter change, and keeps the
 * status-bar item in step with the library the server has loaded.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, State, type LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { notesenseImportError, onInterpreterChange, reportMissing, resolveInterpreter } from './interpreter';
import { fetchLibraryInfo, loadedLibraryInfo, LibraryStatus, showLibrary, type LibraryInfo } from './library';
import { openNoteForSymbol } from './notes';
import { SECTION } from './settings';

const STARTUP_LOAD_TIMEOUT = 120_000; // a large note folder compiles cold on first start
const RELOAD_TIMEOUT = 30_000;
const NOTE_CHANGE_DEBOUNCE = 500;

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let status: LibraryStatus;
let library: LibraryInfo | undefined;
let noteWatchers: vscode.Disposable[] = [];

/** Show the library once the server has loaded one newer than the one shown. */
async function refreshStatus(timeoutMs: number): Promise<void> {
  const running = client;
  if (running?.state !== State.Running) {
    return;
  }
  const info = await loadedLibraryInfo(running, library?.generation ?? 0, timeoutMs);
  if (running === client) {
    library = info;
    status.show(info);
  }
}

/**
 * The server reloads the library when a note changes; watching the same folders tells us when to
 * refresh the status bar (a note that stops compiling turns it into a warning).
 */
function watchNotes(folders: string[]): void {
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refreshStatus(RELOAD_TIMEOUT).catch(logError('status refresh')), NOTE_CHANGE_DEBOUNCE);
  };
  noteWatchers = folders.map((folder) => {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '**/*'));
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    return watcher;
  });
  noteWatchers.push({ dispose: () => clearTimeout(timer) });
}

function logError(what: string): (error: unknown) => void {
  return (error) => output.error(`${what} failed: ${error}`);
}

async function start(): Promise<void> {
  const { python, source } = await resolveInterpreter(vscode.window.activeTextEditor?.document.uri);
  output.info(`using ${python} (from ${source})`);
  status.starting(python);
  const missing = await notesenseImportError(python);
  if (missing) {
    status.failed(`notesense is not importable with ${python}`);
    void reportMissing(python, source, missing);
    return;
  }
  client = createClient(python, output);
  try {
    await client.start();
  } catch (error) {
    status.failed(`The notesense server did not start: ${error}`);
    output.show(true);
    return;
  }
  void followLibrary(client);
}

/** Show the library once the server has loaded it, then follow the note folders it reports. */
async function followLibrary(started: LanguageClient): Promise<void> {
  await refreshStatus(STARTUP_LOAD_TIMEOUT).catch(logError('libraryInfo'));
  if (started === client && library) {
    watchNotes(library.notes);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  library = undefined;
  noteWatchers.forEach((watcher) => watcher.dispose());
  noteWatchers = [];
  await running?.stop().catch(logError('stop'));
}

let restarting: Promise<void> = Promise.resolve();

/** Restarts run one after another, so quick successive setting changes never leave two servers. */
function restart(): Promise<void> {
  restarting = restarting.then(stop).then(start).catch(logError('restart'));
  return restarting;
}

/** Run `action` with the running client, or explain that the server is not running. */
function withClient(action: (running: LanguageClient) => Promise<void>): () => Promise<void> {
  return async () => {
    if (client?.state !== State.Running) {
      void vscode.window.showWarningMessage('notesense: the server is not running (see the notesense output).');
      return;
    }
    await action(client);
  };
}

async function recompile(running: LanguageClient): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'notesense: recompiling notes' },
    () => running.sendRequest(ExecuteCommandRequest.type, { command: 'notesense.recompile', arguments: [] }),
  );
  await refreshStatus(RELOAD_TIMEOUT);
}

async function showLibraryCommand(running: LanguageClient): Promise<void> {
  library = await fetchLibraryInfo(running);
  status.show(library);
  await showLibrary(library);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('notesense', { log: true });
  status = new LibraryStatus();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('notesense.recompileNotes', withClient(recompile)),
    vscode.commands.registerCommand('notesense.openNote', withClient(openNoteForSymbol)),
    vscode.commands.registerCommand('notesense.showLibrary', withClient(showLibraryCommand)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) {
        output.info('settings changed: restarting the server');
        void restart();
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void restart()),
    // Trust changes what the server may read (the workspace's pyproject.toml and note settings).
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('workspace trusted: restarting the server');
      void restart();
    }),
  );
  const interpreterWatch = await onInterpreterChange(() => {
    if (!vscode.workspace.getConfiguration(SECTION).get<string>('interpreter')) {
      void restart();
    }
  });
  if (interpreterWatch) {
    context.subscriptions.push(interpreterWatch);
  }
  void restart();
}

export function deactivate(): Promise<void> {
  return stop();
}
