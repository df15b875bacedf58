/**
 * Registers the History panel in the left sidebar, for interviewers (and for candidates when the
 * room allows it: the server decides, the panel says so).
 */
import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';

import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { HistoryPanel } from './panel';

async function roleInRoom(settings: ServerConnection.ISettings): Promise<string> {
  const url = URLExt.join(settings.baseUrl, 'interviewhub/api/whoami');
  const response = await ServerConnection.makeRequest(url, { method: 'GET' }, settings);
  return response.ok ? String((await response.json()).role ?? '') : '';
}

export const historyPlugin: JupyterFrontEndPlugin<void> = {
  id: '@interviewhub/room:history',
  description: 'Version history of the open file, with diff and restore.',
  autoStart: true,
  requires: [],
  optional: [ILabShell],
  activate: (app: JupyterFrontEnd, labShell: ILabShell | null): void => {
    let role = '';
    const currentPath = (): string | null => {
      const widget = app.shell.currentWidget as any;
      return widget?.context?.path ?? null;
    };
    const panel = new HistoryPanel(app.serviceManager.serverSettings, currentPath, () =>
      ['interviewer', 'admin'].includes(role)
    );
    void roleInRoom(app.serviceManager.serverSettings)
      .then(r => {
        role = r;
        if (role === 'observer') {
          return;
        }
        app.shell.add(panel, 'left', { rank: 900 });
        labShell?.currentChanged.connect(() => {
          if (panel.isVisible) {
            void panel.refresh();
          }
        });
      })
      .catch(() => undefined);
    app.commands.addCommand('interviewhub:history', {
      label: 'Show History of the open file',
      execute: () => {
        app.shell.activateById(panel.id);
        void panel.refresh();
      }
    });
  }
};
