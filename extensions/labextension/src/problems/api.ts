/**
 * The room server's problem endpoints (extensions/room/problems.py) and the broadcasts on the
 * room websocket (docs/room-protocol.md: `problem`, `run.started`, `run.progress`, `run.result`).
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

export interface IExample {
  name: string;
  input?: any;
  expected?: any;
  generate?: any;
  code?: string;
}

export interface IProblem {
  id: string;
  title: string;
  difficulty: string;
  kind: 'function' | 'stdio' | 'notebook';
  languages: string[];
  statement: string;
  starter: { [language: string]: string };
  examples: IExample[];
  function: { name: string; params: { name: string; type: string }[] } | null;
}

export interface IProblemState {
  problem_id: string | null;
  problem: IProblem | null;
  hidden_feedback: string | null;
  by: string | null;
  last?: IRun | null;
}

export interface ITestRow {
  name: string;
  hidden: boolean;
  verdict: string;
  time_ms: number;
  expected: any;
  actual: any;
  message: string;
}

export interface IRun {
  run_id: string;
  by: string;
  mode: 'run' | 'tests';
  language: string;
  problem_id: string;
  view: 'staff' | 'candidate';
  error?: string;
  result?: {
    verdict: string;
    passed: number;
    total: number;
    compile_output: string;
    tests: ITestRow[];
    hidden?: { feedback: string; passed?: number; total?: number; verdicts?: { [k: string]: number } };
  };
}

export const FILES: { [language: string]: string } = {
  python: 'solution.py',
  javascript: 'solution.js',
  java: 'Solution.java',
  cpp: 'solution.cpp'
};

export const LANGUAGE_OF_EXTENSION: { [ext: string]: string } = {
  py: 'python',
  js: 'javascript',
  java: 'java',
  cpp: 'cpp',
  cc: 'cpp'
};

export class ProblemsAPI {
  constructor(readonly settings: ServerConnection.ISettings) {}

  async call(method: string, what: string, body?: unknown): Promise<any> {
    const url = URLExt.join(this.settings.baseUrl, 'interviewhub/api/problem', what);
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
    const response = await ServerConnection.makeRequest(url, init, this.settings);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(data.error || `${response.status} ${response.statusText}`);
    }
    return data;
  }

  state(): Promise<IProblemState> {
    return this.call('GET', '');
  }

  choices(): Promise<{
    items: { id: string; title: string; difficulty: string; kind: string; planned: boolean }[];
  }> {
    return this.call('GET', 'choices');
  }

  pick(problemId: string): Promise<IProblemState> {
    return this.call('PUT', '', { problem_id: problemId });
  }

  ensureFile(language: string): Promise<{ path: string; created: boolean }> {
    return this.call('POST', 'files', { language });
  }

  run(language: string, code: string, mode: 'run' | 'tests', stdin?: string): Promise<IRun> {
    const body: any = { language, code, mode };
    if (stdin) {
      body.stdin = stdin;
    }
    return this.call('POST', 'run', body);
  }
}

/** A small room websocket of our own, for the problem broadcasts only; reconnects. */
export class Broadcasts {
  constructor(
    private settings: ServerConnection.ISettings,
    private onMessage: (msg: any) => void
  ) {}

  start(): void {
    const url = URLExt.join(this.settings.wsUrl, 'interviewhub/api/room');
    const ws = new WebSocket(url);
    ws.onmessage = ev => {
      try {
        const msg = JSON.parse(ev.data);
        if (['problem', 'problem.choices', 'run.started', 'run.progress', 'run.result'].includes(msg.type)) {
          this.onMessage(msg);
        }
      } catch {
        // not JSON: not ours
      }
    };
    ws.onclose = ev => {
      if (ev.code !== 4001 && !this.stopped) {
        this.delay = Math.min(this.delay * 2, 10000);
        setTimeout(() => this.start(), this.delay);
      }
    };
    ws.onopen = () => {
      this.delay = 500;
    };
    this.ws = ws;
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private ws: WebSocket | null = null;
  private delay = 500;
  private stopped = false;
}
