/**
 * "Open note for symbol": the server's hover already names the notes that explain the symbol under
 * the cursor (as file links with a line), so the command asks for that hover and opens the note;
 * with no hover it searches the notes (workspace/symbol) for the word under the cursor.
 */
import * as vscode from 'vscode';
import {
  HoverRequest,
  WorkspaceSymbolRequest,
  type Hover,
  type LanguageClient,
  type Location,
} from 'vscode-languageclient/node';

interface NoteLocation {
  uri: vscode.Uri;
  line: number;
  label: string;
}

const FILE_LINK = /\((file:\/\/[^)\s]+)\)/g;

function parseLink(link: string): NoteLocation {
  const parsed = vscode.Uri.parse(link);
  const uri = parsed.with({ fragment: '' });
  const line = Number(/^L?(\d+)/.exec(parsed.fragment)?.[1] ?? '1');
  return { uri, line: Math.max(line - 1, 0), label: vscode.workspace.asRelativePath(uri) };
}

function hoverText(hover: Hover | null): string {
  const contents = hover?.contents;
  if (!contents) {
    return '';
  }
  const parts = Array.isArray(contents) ? contents : [contents];
  return parts.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
}

async function notesFromHover(client: LanguageClient, editor: vscode.TextEditor): Promise<NoteLocation[]> {
  const params = client.code2ProtocolConverter.asTextDocumentPositionParams(editor.document, editor.selection.active);
  const markdown = hoverText(await client.sendRequest(HoverRequest.type, params));
  const links = new Set([...markdown.matchAll(FILE_LINK)].map((match) => match[1]));
  return [...links].map(parseLink);
}

async function notesFromSearch(client: LanguageClient, editor: vscode.TextEditor): Promise<NoteLocation[]> {
  const range = editor.document.getWordRangeAtPosition(editor.selection.active);
  if (!range) {
    return [];
  }
  const symbols = await client.sendRequest(WorkspaceSymbolRequest.type, { query: editor.document.getText(range) });
  return (symbols ?? [])
    .filter((symbol) => 'range' in symbol.location)
    .map((symbol) => {
      const location = symbol.location as Location;
      return { uri: vscode.Uri.parse(location.uri), line: location.range.start.line, label: symbol.name };
    });
}

export async function openNoteForSymbol(client: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  let notes = await notesFromHover(client, editor);
  if (!notes.length) {
    notes = await notesFromSearch(client, editor);
  }
  if (!notes.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('notesense: none of your notes explains the symbol under the cursor.'));
    return;
  }
  const note =
    notes.length === 1
      ? notes[0]
      : await vscode.window.showQuickPick(
          notes.map((location) => ({ label: location.label, location })),
          { title: vscode.l10n.t('Notes that explain this symbol') },
        ).then((picked) => picked?.location);
  if (note) {
    const document = await vscode.workspace.openTextDocument(note.uri);
    const position = new vscode.Position(note.line, 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
  }
}
