/** A spinner on a terminal (ora, loaded only then); nothing at all in a pipe or CI log. */
export interface Spinner {
  /** The text beside the spinner from now on (nothing happens without a terminal). */
  update(text: string): void;
  stop(): void;
}

export async function startSpinner(stream: NodeJS.WritableStream, isTTY: boolean, text: string): Promise<Spinner> {
  // A pseudo-terminal without a size (0 columns) makes ora clear lines without end: no spinner there.
  const columns = (stream as { columns?: number }).columns ?? 0;
  if (!isTTY || columns <= 0) return { update() {}, stop() {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream, discardStdin: false }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => spinner.stop(),
  };
}
