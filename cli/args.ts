// Command-line arguments through node:util parseArgs; a mistake becomes one clear line.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError, ErrorCode } from '../core/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses `args` against `options`; `positionals` names the positional arguments, `?` marking
 * an optional one. Unknown options, missing or extra arguments throw with `usage`.
 */
export function parseCommand<O extends Options>(args: string[], spec: { usage: string; positionals: string[]; options?: O }) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args, options: spec.options ?? ({} as O), allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('. ')[0];
    throw new AppError(ErrorCode.InvalidInput, `${message} (usage: ${spec.usage})`, { cause: e });
  }
  const required = spec.positionals.filter((p) => !p.endsWith('?')).length;
  if (parsed.positionals.length < required)
    throw new AppError(ErrorCode.InvalidInput, `missing ${spec.positionals[parsed.positionals.length]} (usage: ${spec.usage})`);
  if (parsed.positionals.length > spec.positionals.length)
    throw new AppError(ErrorCode.InvalidInput, `unexpected argument "${parsed.positionals[spec.positionals.length]}" (usage: ${spec.usage})`);
  return parsed;
}
