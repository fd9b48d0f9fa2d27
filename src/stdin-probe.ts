import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Whether input is already waiting on this process's stdin, found without blocking: a redirected
 * file with content, or (on Linux) a pipe holding data right now. A terminal, /dev/null, an empty
 * or closed pipe, or a pipe whose writer has not written yet is "no" — so a CI runner's idle stdin
 * never stops a run. Used to refuse `-f <file>` while a body is piped in: one would be ignored.
 */
export function stdinHasWaitingInput(): boolean {
  let info: ReturnType<typeof fstatSync>;
  try {
    info = fstatSync(0);
  } catch {
    return false;
  }
  if (info.isFile()) return info.size > 0;
  if (!info.isFIFO() || process.platform !== 'linux') return false;
  // A second, non-blocking reader of the same pipe: one byte read says data is there. (That byte
  // is consumed, which is harmless: the run is refused when it is there.)
  let fd: number | undefined;
  try {
    fd = openSync('/proc/self/fd/0', constants.O_RDONLY | constants.O_NONBLOCK);
    return readSync(fd, Buffer.alloc(1), 0, 1, null) > 0;
  } catch {
    // EAGAIN: open, but empty for now; anything else: cannot tell, so no.
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
