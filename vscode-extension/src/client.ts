/**
 * One notesense language server for the whole window: every workspace folder's Python files go to
 * it, and workspace/configuration answers carry each folder's own settings, resolved the same way as
 * the initialization options.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  ResponseError,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { initializationOptions, SECTION, serverSettings } from './settings';

export function createClient(python: string, output: vscode.LogOutputChannel): LanguageClient {
  const serverOptions: ServerOptions = { command: python, args: ['-m', 'notesense', 'serve', '--stdio'] };
  const clientOptions: LanguageClientOptions = {
    // Python cells of any notebook too: the server syncs whole notebooks (LSP 3.17) and answers for
    // each cell from all the cells before it; their `vscode-notebook-cell:` URIs match no scheme above.
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { notebook: '*', language: 'python' },
    ],
    initializationOptions: initializationOptions(),
    outputChannel: output,
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const defaults = await next(params, token);
          if (defaults instanceof ResponseError) {
            return defaults;
          }
          // Without a scope the server asks for the whole window: every folder's notes, merged.
          return params.items.map((item, index) => {
            if (item.section !== SECTION) {
              return defaults[index];
            }
            return item.scopeUri ? serverSettings(vscode.Uri.parse(item.scopeUri)) : initializationOptions();
          });
        },
      },
    },
  };
  return new LanguageClient('notesense', 'notesense', serverOptions, clientOptions);
}
