/**
 * The problem side panel: picker (interviewer), statement, language, Run / Run tests, results.
 * Both participants see the same problem and every run's results live (the room broadcasts
 * them); hidden tests reach the candidate only as counts/verdict kinds, decided server side.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { Widget } from '@lumino/widgets';

import {
  Broadcasts,
  FILES,
  IProblem,
  IProblemState,
  IRun,
  LANGUAGE_OF_EXTENSION,
  ProblemsAPI
} from './api';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: { [k: string]: string } = {},
  text = ''
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    node.setAttribute(k, v);
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** Markdown enough for statements: fenced code, headings, lists, inline code, bold. Escaped first. */
export function renderMarkdown(md: string): string {
  const out: string[] = [];
  const blocks = md.split(/```[^\n]*\n([\s\S]*?)```/g);
  blocks.forEach((block, i) => {
    if (i % 2 === 1) {
      out.push(`<pre><code>${escapeHtml(block)}</code></pre>`);
      return;
    }
    for (const para of block.split(/\n\s*\n/)) {
      const text = para.trim();
      if (!text) {
        continue;
      }
      const inline = (s: string) =>
        escapeHtml(s)
          .replace(/`([^`]+)`/g, '<code>$1</code>')
          .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
      const heading = /^(#{1,4})\s+(.*)$/.exec(text);
      if (heading) {
        const level = Math.min(heading[1].length + 2, 6);
        out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      } else if (/^[-*]\s/.test(text)) {
        const items = text.split(/\n[-*]\s/).map(t => `<li>${inline(t.replace(/^[-*]\s/, ''))}</li>`);
        out.push(`<ul>${items.join('')}</ul>`);
      } else {
        out.push(`<p>${inline(text)}</p>`);
      }
    }
  });
  return out.join('\n');
}

export class ProblemPanel extends Widget {
  constructor(
    private app: JupyterFrontEnd,
    private role: string
  ) {
    super();
    this.id = 'interviewhub-problem';
    this.addClass('ih-problem-panel');
    this.title.label = 'Problem';
    this.title.caption = 'The interview problem, Run and Run tests';
    this.api = new ProblemsAPI(app.serviceManager.serverSettings);
    this.build();
    this.broadcasts = new Broadcasts(app.serviceManager.serverSettings, msg => this.onBroadcast(msg));
  }

  get isStaff(): boolean {
    return this.role === 'interviewer' || this.role === 'admin';
  }

  async start(): Promise<void> {
    this.broadcasts.start();
    try {
      const state = await this.api.state();
      this.showProblem(state);
      if (state.last) {
        this.showRun(state.last);
      }
    } catch (e) {
      this.status.textContent = `Problem unavailable: ${(e as Error).message}`;
    }
    if (this.isStaff) {
      await this.loadChoices();
    }
  }

  /** The picker's options: the interview's planned problems first. Loaded again when the room
   * says the planned problems changed (`problem.choices`, e.g. edited on the dashboard). */
  private async loadChoices(): Promise<void> {
    try {
      const { items } = await this.api.choices();
      const chosen = this.picker.value;
      const planned = el('optgroup', { label: 'Planned for this interview' });
      const bank = el('optgroup', { label: 'Problem bank' });
      for (const p of items) {
        const option = el('option', { value: p.id }, `${p.title} (${p.difficulty}, ${p.kind})`);
        (p.planned ? planned : bank).appendChild(option);
      }
      this.picker.replaceChildren(...[planned, bank].filter(group => group.childElementCount));
      this.picker.value = chosen || this.state?.problem_id || '';
    } catch (e) {
      this.status.textContent = `Problem bank unavailable: ${(e as Error).message}`;
    }
  }

  dispose(): void {
    this.broadcasts.stop();
    super.dispose();
  }

  // -- layout -----------------------------------------------------------------------------------
  private build(): void {
    const node = this.node;
    if (this.isStaff) {
      const row = el('div', { class: 'ih-problem-pick' });
      this.picker.setAttribute('aria-label', 'Problem to pick');
      const pick = el('button', { class: 'jp-mod-styled jp-mod-accept', 'aria-label': 'Pick problem' }, 'Pick problem');
      pick.addEventListener('click', () => void this.pick());
      row.append(this.picker, pick);
      node.appendChild(row);
    }
    node.appendChild(this.statement);
    const controls = el('div', { class: 'ih-problem-controls' });
    this.language.setAttribute('aria-label', 'Language');
    this.language.addEventListener('change', () => void this.openFile());
    const open = el('button', { class: 'jp-mod-styled', 'aria-label': 'Open solution file' }, 'Open file');
    open.addEventListener('click', () => void this.openFile());
    this.runButton.addEventListener('click', () => void this.run('run'));
    this.testsButton.addEventListener('click', () => void this.run('tests'));
    controls.append(this.language, open, this.runButton, this.testsButton);
    node.appendChild(controls);
    this.stdin.setAttribute('aria-label', 'Custom input');
    this.stdin.setAttribute('placeholder', 'Custom input for Run (stdin, or JSON arguments); empty: the examples');
    this.stdin.rows = 3;
    node.append(this.stdin, this.status, this.results);
    this.setEnabled(false);
  }

  private setEnabled(on: boolean): void {
    const canRun = on && this.role !== 'observer';
    this.runButton.disabled = !canRun;
    this.testsButton.disabled = !canRun;
    this.language.disabled = !on;
  }

  // -- the problem --------------------------------------------------------------------------------
  private async pick(): Promise<void> {
    if (!this.picker.value) {
      return;
    }
    try {
      this.showProblem(await this.api.pick(this.picker.value));
    } catch (e) {
      this.status.textContent = `Not picked: ${(e as Error).message}`;
    }
  }

  private showProblem(state: IProblemState): void {
    this.state = state;
    const problem = state.problem;
    this.statement.innerHTML = '';
    this.language.innerHTML = '';
    if (!problem) {
      this.statement.appendChild(
        el('p', { class: 'ih-problem-none' }, this.isStaff ? 'Pick a problem for this interview.' : 'No problem yet: the interviewer will pick one.')
      );
      this.setEnabled(false);
      return;
    }
    if (problem.id !== this.shownId) {
      this.shownId = problem.id;
      this.app.shell.activateById(this.id); // a new problem: show it to everyone
    }
    this.statement.appendChild(el('h2', { class: 'ih-problem-title' }, problem.title));
    this.statement.appendChild(el('div', { class: 'ih-problem-meta' }, `${problem.difficulty} · ${problem.kind}`));
    const body = el('div', { class: 'ih-problem-statement' });
    body.innerHTML = renderMarkdown(problem.statement);
    this.statement.appendChild(body);
    for (const lang of problem.languages) {
      this.language.appendChild(el('option', { value: lang }, lang));
    }
    const saved = window.localStorage.getItem('interviewhub:language');
    if (saved && problem.languages.includes(saved)) {
      this.language.value = saved;
    }
    this.results.innerHTML = '';
    this.setEnabled(true);
    this.status.textContent = state.by ? `Picked by ${state.by}` : '';
    if (this.isStaff && this.picker.value !== problem.id) {
      this.picker.value = problem.id;
    }
  }

  private async openFile(): Promise<void> {
    const language = this.language.value;
    if (!language || this.role === 'observer') {
      return;
    }
    window.localStorage.setItem('interviewhub:language', language);
    try {
      const { path } = await this.api.ensureFile(language);
      await this.app.commands.execute('docmanager:open', { path });
    } catch (e) {
      this.status.textContent = `Cannot open the file: ${(e as Error).message}`;
    }
  }

  // -- running ------------------------------------------------------------------------------------
  /** The code to run: the notebook's code cells, the open editor's text, or the language's file. */
  private async currentCode(): Promise<{ code: string; language: string }> {
    const widget: any = (this.app.shell as any).currentWidget;
    const model = widget?.content?.model;
    const path: string = widget?.context?.path ?? '';
    const shared = model?.sharedModel;
    if (shared && Array.isArray(shared.cells)) {
      const code = shared.cells
        .filter((c: any) => c.cell_type === 'code')
        .map((c: any) => c.getSource())
        .filter((s: string) => !/interviewhub\.widgets/.test(s))
        .join('\n\n');
      return { code, language: 'python' };
    }
    const ext = path.split('.').pop() ?? '';
    if (shared && typeof shared.getSource === 'function' && LANGUAGE_OF_EXTENSION[ext]) {
      return { code: shared.getSource(), language: LANGUAGE_OF_EXTENSION[ext] };
    }
    const language = this.language.value;
    const file = await this.app.serviceManager.contents.get(FILES[language], { content: true, format: 'text' });
    return { code: String(file.content ?? ''), language };
  }

  private async run(mode: 'run' | 'tests'): Promise<void> {
    this.setEnabled(false);
    this.status.textContent = mode === 'tests' ? 'Running tests…' : 'Running…';
    try {
      const { code, language } = await this.currentCode();
      const stdin = mode === 'run' ? this.stdin.value : '';
      this.showRun(await this.api.run(language, code, mode, stdin || undefined));
    } catch (e) {
      this.status.textContent = `Not run: ${(e as Error).message}`;
    } finally {
      this.setEnabled(!!this.state?.problem);
    }
  }

  private onBroadcast(msg: any): void {
    if (msg.type === 'problem') {
      this.showProblem(msg as IProblemState);
    } else if (msg.type === 'problem.choices') {
      if (this.isStaff) {
        void this.loadChoices();
      }
    } else if (msg.type === 'run.started') {
      this.status.textContent = `${msg.by} is running ${msg.mode === 'tests' ? 'the tests' : 'the code'} (${msg.language})…`;
    } else if (msg.type === 'run.progress') {
      this.status.textContent = `${msg.by} is running the tests (${msg.language}): ${msg.done}/${msg.total} done…`;
    } else if (msg.type === 'run.result') {
      this.showRun(msg as IRun);
    }
  }

  private showRun(run: IRun): void {
    this.results.innerHTML = '';
    const result = run.result;
    if (!result) {
      this.status.textContent = `Not graded: ${run.error ?? 'unknown error'}`;
      return;
    }
    this.status.textContent = '';
    const head = el('div', { class: 'ih-run-summary', 'data-verdict': result.verdict });
    head.textContent = `${run.mode === 'tests' ? 'Tests' : 'Run'} by ${run.by} (${run.language}): ${result.verdict} — ${result.passed}/${result.total} shown tests passed`;
    this.results.appendChild(head);
    if (result.compile_output) {
      this.results.appendChild(el('pre', { class: 'ih-run-compile' }, result.compile_output));
    }
    const table = el('table', { class: 'ih-results', 'aria-label': 'Test results' });
    const thead = el('thead');
    const hr = el('tr');
    for (const h of ['Test', 'Verdict', 'ms', 'Expected', 'Actual / message']) {
      hr.appendChild(el('th', {}, h));
    }
    thead.appendChild(hr);
    table.appendChild(thead);
    const tbody = el('tbody');
    for (const t of result.tests) {
      const tr = el('tr', { 'data-verdict': t.verdict, class: t.hidden ? 'ih-hidden-test' : '' });
      const fmt = (v: any) => (v === null || v === undefined ? '' : JSON.stringify(v));
      tr.append(
        el('td', {}, t.hidden ? `${t.name} (hidden)` : t.name),
        el('td', {}, t.verdict),
        el('td', {}, String(t.time_ms)),
        el('td', {}, fmt(t.expected)),
        el('td', {}, t.actual !== null && t.actual !== undefined ? fmt(t.actual) : t.message || '')
      );
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    this.results.appendChild(table);
    const hidden = result.hidden;
    if (hidden) {
      let text = 'Hidden tests: not shown in this interview.';
      if (hidden.total !== undefined) {
        text = `Hidden tests: ${hidden.passed}/${hidden.total} passed`;
        if (hidden.verdicts) {
          text += ' (' + Object.entries(hidden.verdicts).map(([k, n]) => `${k}: ${n}`).join(', ') + ')';
        }
      }
      this.results.appendChild(el('div', { class: 'ih-hidden-summary' }, text));
    }
  }

  private api: ProblemsAPI;
  private broadcasts: Broadcasts;
  private state: IProblemState | null = null;
  private shownId: string | null = null;
  private picker = el('select', { class: 'ih-problem-picker' });
  private statement = el('div', { class: 'ih-problem-body' });
  private language = el('select', { class: 'ih-problem-language' });
  private runButton = el('button', { class: 'jp-mod-styled', 'aria-label': 'Run' }, 'Run');
  private testsButton = el('button', { class: 'jp-mod-styled jp-mod-accept', 'aria-label': 'Run tests' }, 'Run tests');
  private stdin = el('textarea', { class: 'ih-problem-stdin' });
  private status = el('div', { class: 'ih-problem-status', role: 'status' });
  private results = el('div', { class: 'ih-problem-results', 'aria-live': 'polite' });
}

export type { IProblem };
