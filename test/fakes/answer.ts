// How the fakes answer: JSON, at once, or in 'late' mode after slowMs, having done the work at once
// (a caller that gave up before then never hears it: the message was taken, the answer lost).
import type { ServerResponse } from 'node:http';

export function answerer(res: ServerResponse, state: { mode: string; slowMs: number }) {
  return (status: number, body: unknown): void => {
    const write = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (state.mode === 'late') setTimeout(write, state.slowMs);
    else write();
  };
}
