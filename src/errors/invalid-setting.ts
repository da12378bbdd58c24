import { InvalidArgumentError } from '@ai-sdk/provider';

/** The AI SDK's `InvalidArgumentError` for a provider setting, its message naming the setting. */
export function invalidSetting(argument: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ argument, message: `Invalid setting ${argument}: ${message}` });
}
