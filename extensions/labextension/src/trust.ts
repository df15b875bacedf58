/**
 * Outputs the other participant produced, trusted where that is safe: in the candidate's browser.
 *
 * JupyterLab trusts a cell's outputs in the browser that executed it and writes `trusted: true`
 * into the cell's shared metadata, but other browsers read that flag only when they load the
 * notebook (CellModel's constructor), never live (jupyterlab/jupyterlab#11435). Renderers marked
 * unsafe, such as ipywidgets' widget view, are skipped for untrusted outputs: a widget the
 * interviewer shows with `Problem("two-sum")` appeared in the candidate's notebook as its
 * `text/plain` repr until a reload. Here a cell whose shared metadata turns trusted becomes
 * trusted live, as it would after a reload.
 *
 * Only in candidates' browsers: the kernel runs the candidate's code, so outputs (and widgets,
 * whose HTML is not sanitized) can carry the candidate's scripts; in a candidate's browser they
 * reach no one else. Interviewers', admins' and observers' browsers keep JupyterLab's own rule;
 * this plugin never widens what they trust (see docs/problems.md on what that rule allows).
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { DocumentRegistry } from '@jupyterlab/docregistry';

import { fetchWhoAmI } from './index';

/** Roles whose browsers take other participants' outputs as trusted. */
export const TRUSTING_ROLES = new Set(['candidate']);

/** The part of JupyterLab's cell model used here (`@jupyterlab/cells` ICellModel). */
interface ICellLike {
  readonly type: string;
  trusted: boolean;
  readonly isDisposed: boolean;
  getMetadata(key: string): unknown;
  readonly metadataChanged: {
    connect(fn: (sender: unknown, change: { key: string }) => void): boolean;
  };
}

/** The part of JupyterLab's notebook model used here (`@jupyterlab/notebook` INotebookModel). */
interface INotebookLike {
  readonly cells: Iterable<ICellLike> & {
    readonly changed: {
      connect(fn: (sender: unknown, args: { newValues: ICellLike[] }) => void): boolean;
    };
  };
}

/** Trust a code cell now if its shared metadata says trusted, and whenever it comes to say so. */
export function followSharedTrust(cell: ICellLike): void {
  if (cell.type !== 'code') {
    return;
  }
  const apply = (): void => {
    if (!cell.isDisposed && !cell.trusted && cell.getMetadata('trusted') === true) {
      cell.trusted = true;
    }
  };
  cell.metadataChanged.connect((_sender, change) => {
    if (change.key === 'trusted') {
      apply();
    }
  });
  apply();
}

export const sharedTrustPlugin: JupyterFrontEndPlugin<void> = {
  id: '@interviewhub/room:shared-trust',
  description:
    "In a candidate's browser, outputs of cells the interviewer ran are trusted live, so widgets render.",
  autoStart: true,
  requires: [],
  activate: (app: JupyterFrontEnd): void => {
    const role = fetchWhoAmI(app.serviceManager.serverSettings)
      .then(info => String(info.role ?? ''))
      .catch(() => ''); // not a room server: JupyterLab's own rule
    const extension: DocumentRegistry.IWidgetExtension<any, DocumentRegistry.IModel> = {
      createNew: (_panel, context) => {
        void role.then(async name => {
          if (!TRUSTING_ROLES.has(name)) {
            return;
          }
          await context.ready;
          const model = context.model as unknown as INotebookLike;
          for (const cell of model.cells) {
            followSharedTrust(cell);
          }
          model.cells.changed.connect((_sender, args) => {
            for (const cell of args.newValues ?? []) {
              followSharedTrust(cell);
            }
          });
        });
      }
    };
    app.docRegistry.addWidgetExtension('Notebook', extension);
  }
};
