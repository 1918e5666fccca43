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
import { serverEnvironment, serverScript } from './interpreter';
import { initializationOptions, SECTION, serverSettings, type LaunchSettings } from './settings';

/** `<python> <extension>/bundled/tool/lsp_server.py --stdio …`: the arguments are `notesense serve`'s. */
export function createClient(
  python: string,
  launch: LaunchSettings,
  extensionPath: string,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const args = [serverScript(extensionPath), '--stdio', '--log-level', launch.logLevel];
  if (launch.logFile) {
    args.push('--log-file', launch.logFile);
  }
  const serverOptions: ServerOptions = { command: python, args, options: { env: serverEnvironment(launch.importStrategy) } };
  const clientOptions: LanguageClientOptions = {
    // Python cells of any notebook too: the server syncs whole notebooks (LSP 3.17) and answers for
    // each cell from all the cells before it; their `vscode-notebook-cell:` URIs match no scheme above.
    // An .ipynb reopened in the text editor ("Reopen Editor With… → Text Editor") is its JSON: the
    // server reads its code cells as one program and answers inside their `source` strings.
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { notebook: '*', language: 'python' },
      { scheme: 'file', pattern: '**/*.ipynb' },
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
