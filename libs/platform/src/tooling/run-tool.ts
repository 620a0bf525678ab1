// How every npm tool ends: a mistake in how it was called prints the mistake and the usage, and
// exits 2; a refusal the tool expects (e.g. the dead-letter desk's) prints its message, exit 2; a
// failure prints its message, exit 1. A stack trace only with DEBUG=1: operators read the message.

/** The tool was called wrongly: the message says how to call it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function isUsageMistake(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  // node:util parseArgs: an unknown option, a missing value, a stray positional.
  return error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'));
}

export function runTool(main: () => Promise<unknown>, options: { usage?: string; expected?: Array<new (...args: never[]) => Error> } = {}): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (isUsageMistake(error)) {
      process.stderr.write(`${message}\n${options.usage && !message.includes(options.usage) ? `${options.usage}\n` : ''}`);
      process.exit(2);
    }
    if (options.expected?.some((kind) => error instanceof kind)) {
      process.stderr.write(`${message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${process.env.DEBUG && error instanceof Error ? error.stack : message}\n`);
    process.exit(1);
  });
}
