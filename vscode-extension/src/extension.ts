/**
 * notesense for VS Code: starts the notesense language server for Python files (the extension's own,
 * from bundled/, with the right interpreter), restarts it when its settings or the selected
 * interpreter change or the user asks, and keeps the status-bar item in step with the library the
 * server has loaded.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, State, type LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { onInterpreterChange, probe, resolveInterpreter, type Probe } from './interpreter';
import { fetchLibraryInfo, loadedLibraryInfo, LibraryStatus, showLibrary, type LibraryInfo } from './library';
import { openNoteForSymbol } from './notes';
import { launchSettings, SECTION } from './settings';

const STARTUP_LOAD_TIMEOUT = 120_000; // a large note folder compiles cold on first start
const RELOAD_TIMEOUT = 30_000;
const NOTE_CHANGE_DEBOUNCE = 500;

let client: LanguageClient | undefined;
let server: Probe | undefined;
let extensionPath: string;
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

/** Tell the user why the server cannot start with `python`, with the two ways to pick another. */
async function reportInterpreter(message: string): Promise<void> {
  const select = vscode.l10n.t('Select Interpreter');
  const settings = vscode.l10n.t('Open Settings');
  const python = vscode.extensions.getExtension('ms-python.python');
  const choice = await vscode.window.showErrorMessage(message, ...(python ? [select] : []), settings);
  if (choice === select) {
    await vscode.commands.executeCommand('python.setInterpreter');
  } else if (choice === settings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.interpreter`);
  }
}

/** The notesense `python` would serve, or undefined after telling the user why there is none. */
async function probeInterpreter(python: string, source: string, resource?: vscode.Uri): Promise<Probe | undefined> {
  const launch = launchSettings(resource);
  let found: Probe;
  try {
    found = await probe(python, launch.importStrategy, extensionPath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    status.failed(vscode.l10n.t('notesense cannot run {0}', python));
    void reportInterpreter(vscode.l10n.t('notesense cannot run the Python interpreter {0} (from {1}): {2}', python, source, reason));
    return undefined;
  }
  if (!found.supported) {
    status.failed(vscode.l10n.t('{0} is Python {1}; notesense needs {2} or newer', python, found.python, found.minimum));
    void reportInterpreter(
      vscode.l10n.t(
        'notesense needs Python {0} or newer, but {1} (from {2}) is Python {3}. Choose a newer interpreter.',
        found.minimum,
        python,
        source,
        found.python,
      ),
    );
    return undefined;
  }
  output.info(`notesense ${found.version} (${found.origin}: ${found.location}) on Python ${found.python} (${found.executable})`);
  if (launch.importStrategy === 'fromEnvironment' && found.origin === 'bundled') {
    output.info(`notesense is not installed for ${python}: using the notesense bundled with the extension`);
  }
  return found;
}

async function start(): Promise<void> {
  const resource = vscode.window.activeTextEditor?.document.uri;
  const { python, source } = await resolveInterpreter(resource);
  output.info(`using ${python} (from ${source})`);
  status.starting(python);
  server = await probeInterpreter(python, source, resource);
  if (!server) {
    return;
  }
  client = createClient(python, launchSettings(resource), extensionPath, output);
  try {
    await client.start();
  } catch (error) {
    status.failed(vscode.l10n.t('The notesense server did not start: {0}', String(error)));
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
  server = undefined;
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
      void vscode.window.showWarningMessage(vscode.l10n.t('notesense: the server is not running (see the notesense output).'));
      return;
    }
    await action(client);
  };
}

async function recompile(running: LanguageClient): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('notesense: recompiling notes') },
    () => running.sendRequest(ExecuteCommandRequest.type, { command: 'notesense.recompile', arguments: [] }),
  );
  await refreshStatus(RELOAD_TIMEOUT);
}

async function showLibraryCommand(running: LanguageClient): Promise<void> {
  library = await fetchLibraryInfo(running);
  status.show(library);
  await showLibrary(library, server);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('notesense', { log: true });
  status = new LibraryStatus();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('notesense.recompileNotes', withClient(recompile)),
    vscode.commands.registerCommand('notesense.openNote', withClient(openNoteForSymbol)),
    vscode.commands.registerCommand('notesense.showLibrary', withClient(showLibraryCommand)),
    vscode.commands.registerCommand('notesense.restartServer', () => {
      output.info('restart requested');
      return restart();
    }),
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
