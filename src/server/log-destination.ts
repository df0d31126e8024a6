import { pino, type DestinationStream } from 'pino';

/**
 * Standard output for log lines, written once per event-loop turn: the lines logged
 * while the loop runs its callbacks are joined and handed to the writer together when
 * it reaches the check phase (setImmediate). Under load many calls finish in one turn,
 * so they share one write instead of costing one each; on a virtual machine a write
 * (pino's default destination sends each line to the thread pool on its own) cost more
 * than the rest of a replayed call. The writer is pino's own asynchronous one, so a slow
 * reader of stdout never blocks the event loop, and it is flushed synchronously at exit
 * after the lines still waiting here are handed to it: only a hard kill within the turn
 * can lose them.
 */
export function turnBatchedStdout(): DestinationStream {
  const writer = pino.destination({ dest: 1, sync: false });
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    writer.write(text);
  };
  // Before pino's own exit handler, which writes out whatever the writer holds.
  process.prependOnceListener('exit', flush);
  return {
    write(line: string) {
      pending += line;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}
