/**
 * Registers the problem side panel (right area) once we know who we are in the room.
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { ProblemPanel } from './panel';

export const problemsPlugin: JupyterFrontEndPlugin<void> = {
  id: '@interviewhub/room:problems',
  description: 'The interview problem: statement, starter files, Run / Run tests and live results.',
  autoStart: true,
  requires: [],
  activate: (app: JupyterFrontEnd): void => {
    void (async () => {
      const settings = app.serviceManager.serverSettings;
      let role = '';
      try {
        const url = URLExt.join(settings.baseUrl, 'interviewhub/api/whoami');
        const response = await ServerConnection.makeRequest(url, { method: 'GET' }, settings);
        if (!response.ok) {
          return; // not a room server
        }
        role = String((await response.json()).role ?? '');
      } catch {
        return;
      }
      if (!role) {
        return;
      }
      const panel = new ProblemPanel(app, role);
      // shown (activated) once a problem is picked: until then the main area keeps its width
      app.shell.add(panel, 'right', { rank: 50 });
      await panel.start();
    })();
  }
};
