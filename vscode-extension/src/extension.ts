/**
 * notesense for VS Code: starts the notesense language server for Python files with the right
 * interpreter, restarts it when its settings or the selected interpreter change, and adds the
 * library commands and status-bar item.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, State, type LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { notesenseImportError, onInterpreterChange, reportMissing, resolveInterpreter } from './interpreter';
import { fetchLibraryInfo, LibraryStatus, showLibrary } from './library';
import { openNoteForSymbol } from './notes';
import { SECTION } from './settings';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let status: LibraryStatus;

async function refreshStatus(): Promise<void> {
  if (client?.state === State.Running) {
    status.show(await fetchLibraryInfo(client));
  }
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
  await refreshStatus().catch((error) => output.error(`libraryInfo failed: ${error}`));
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop().catch((error) => output.error(`stop failed: ${error}`));
}

async function restart(): Promise<void> {
  await stop();
  await start();
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
  await refreshStatus();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('notesense', { log: true });
  status = new LibraryStatus();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('notesense.recompileNotes', withClient(recompile)),
    vscode.commands.registerCommand('notesense.openNote', withClient(openNoteForSymbol)),
    vscode.commands.registerCommand(
      'notesense.showLibrary',
      withClient(async (running) => {
        const info = await fetchLibraryInfo(running);
        status.show(info);
        await showLibrary(info);
      }),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) {
        output.info('settings changed: restarting the server');
        void restart();
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void restart()),
  );
  const interpreterWatch = await onInterpreterChange(() => {
    if (!vscode.workspace.getConfiguration(SECTION).get<string>('interpreter')) {
      void restart();
    }
  });
  if (interpreterWatch) {
    context.subscriptions.push(interpreterWatch);
  }
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
