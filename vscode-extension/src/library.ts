/**
 * The library the server serves, as the user sees it: a status-bar item with the snippet count
 * (a warning when a note failed to compile) and the "Show library" picker. Both read the server's
 * `notesense/libraryInfo` request.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Probe } from './interpreter';

/** The part of the `notesense/libraryInfo` result used here. */
export interface LibraryInfo {
  /** False until the server has loaded the user's library (it starts from the bundled one). */
  ready: boolean;
  /** Counts the loads: a reload after a note changed answers with a larger number. */
  generation: number;
  /** Where the notes came from: settings, pyproject, environment or bundled. */
  origin: string;
  /** The note folders the server compiles and watches. */
  notes: string[];
  /** Snippets per import context. */
  counts: Record<string, number>;
  total: number;
  /** One line per note that failed to compile, starting with the note's path. */
  errors: string[];
}

/** The note a problem line starts with (`path[:line]: message`), to open it. */
const NOTE_AT_START = /^(.+?\.(?:md|markdown|qmd|txt|ipynb|rst))(?::(\d+))?/i;

export function fetchLibraryInfo(client: LanguageClient): Promise<LibraryInfo> {
  // pygls rejects a custom request without params, so send an empty object.
  return client.sendRequest<LibraryInfo>('notesense/libraryInfo', {});
}

/**
 * The library once the server has loaded one newer than `after` (it compiles in the background at
 * start-up and after a note changes), or the latest answer when that takes longer than `timeoutMs`.
 */
export async function loadedLibraryInfo(client: LanguageClient, after: number, timeoutMs: number): Promise<LibraryInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await fetchLibraryInfo(client);
    if ((info.ready && info.generation > after) || Date.now() > deadline) {
      return info;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Where the notes came from (the server's `origin`), as the user would say it. */
function originLabel(origin: string): string {
  switch (origin) {
    case 'options':
      return vscode.l10n.t('the notes in your settings');
    case 'pyproject':
      return vscode.l10n.t('the notes in pyproject.toml');
    case 'env':
      return vscode.l10n.t('the notes in NOTESENSE_NOTES');
    case 'bundled':
      return vscode.l10n.t('the bundled notes');
    default:
      return origin;
  }
}

export class LibraryStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('notesense.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'notesense';
    this.item.command = 'notesense.showLibrary';
  }

  starting(python: string): void {
    this.item.text = '$(sync~spin) notesense';
    this.item.tooltip = vscode.l10n.t('Starting notesense with {0}', python);
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  failed(reason: string): void {
    this.item.text = '$(error) notesense';
    this.item.tooltip = reason;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.show();
  }

  show(info: LibraryInfo): void {
    const broken = info.errors.length;
    this.item.text = `${broken ? '$(warning)' : '$(book)'} notesense ${info.total}`;
    this.item.tooltip = broken
      ? vscode.l10n.t('{0} snippets from {1}; {2} note(s) failed to compile — click for details', info.total, originLabel(info.origin), broken)
      : vscode.l10n.t('{0} snippets from {1} — click for details', info.total, originLabel(info.origin));
    this.item.backgroundColor = broken ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

interface NotePick extends vscode.QuickPickItem {
  note?: { path: string; line: number };
}

function problemPick(problem: string): NotePick {
  const match = NOTE_AT_START.exec(problem);
  return {
    label: `$(warning) ${problem.split('\n')[0]}`,
    note: match ? { path: match[1], line: Number(match[2] ?? '1') } : undefined,
  };
}

/** The server row: which notesense serves (the extension's bundle or the interpreter's), on which Python. */
function serverPick(server: Probe): NotePick {
  const origin = server.origin === 'bundled' ? vscode.l10n.t('bundled with the extension') : vscode.l10n.t('from the environment');
  return {
    label: `$(server-process) notesense ${server.version}`,
    description: vscode.l10n.t('{0} · Python {1}', origin, server.python),
    detail: `${server.location} · ${server.executable}`,
  };
}

/**
 * A picker listing the server, snippets per context and the notes that failed; picking a failed
 * note opens it.
 */
export async function showLibrary(info: LibraryInfo, server: Probe | undefined): Promise<void> {
  const contexts = Object.entries(info.counts).sort(([, a], [, b]) => b - a);
  const items: NotePick[] = [
    ...(server ? [{ label: vscode.l10n.t('Server'), kind: vscode.QuickPickItemKind.Separator }, serverPick(server)] : []),
    { label: vscode.l10n.t('Snippets per context'), kind: vscode.QuickPickItemKind.Separator },
    ...contexts.map(([context, count]) => ({ label: context, description: vscode.l10n.t('{0} snippets', count) })),
  ];
  if (info.errors.length) {
    items.push({ label: vscode.l10n.t('Notes with errors'), kind: vscode.QuickPickItemKind.Separator }, ...info.errors.map(problemPick));
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t(
      'notesense: {0} snippets in {1} contexts from {2}, {3} notes with errors',
      info.total,
      contexts.length,
      originLabel(info.origin),
      info.errors.length,
    ),
  });
  if (picked?.note) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(picked.note.path));
    const line = Math.max(picked.note.line - 1, 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0) });
  }
}
