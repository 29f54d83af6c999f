// A progress line for long commands, on stderr: on a terminal one line rewritten in place;
// elsewhere (a pipe, a log file) a line every `every` rows, and the last one.
import type { StatusStream } from '../kernel/cli.ts';

export interface Progress {
  update(rows: number, text: string): void;
  /** Shows the last text once more, finished. */
  done(): void;
}

export function progressLine(stream: StatusStream | undefined, printLine: (line: string) => void, every = 5000): Progress {
  const tty = stream?.isTTY === true;
  let last = '';
  let printed = '';
  let nextAt = every;
  const print = (text: string) => {
    printLine(text);
    printed = text;
  };
  return {
    update(rows, text) {
      last = text;
      if (tty) stream?.write(`\r${text}\x1b[K`);
      else if (rows >= nextAt) {
        print(text);
        nextAt = (Math.floor(rows / every) + 1) * every;
      }
    },
    done() {
      if (tty) stream?.write(`\r${last}\x1b[K\n`);
      else if (last && last !== printed) print(last);
    },
  };
}
