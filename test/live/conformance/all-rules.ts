import type { ConformanceRule } from './rule';
import { continuation } from './rules/continuation';
import { failedContinuationEvicts, onlyLatestContinuable } from './rules/continuation-scope';
import { errorFrameShape } from './rules/error-frames';
import { eventsSequencedAndTerminated } from './rules/event-stream';
import { generateFalse } from './rules/generate-false';
import { lanesContinueOwnLatest, lanesInvalidStreamId, lanesSideBySide } from './rules/lanes';
import { oneInFlight } from './rules/one-in-flight';
import { providerContinuation } from './rules/provider-continuation';
import { previousResponseNotFound } from './rules/response-not-found';
import { storeFalseSocketScoped, storeTrueAcrossSockets } from './rules/storage';

/** Every rule, in the order the table lists them. */
export const ALL_RULES: readonly ConformanceRule[] = [
  continuation,
  previousResponseNotFound,
  onlyLatestContinuable,
  failedContinuationEvicts,
  storeFalseSocketScoped,
  storeTrueAcrossSockets,
  generateFalse,
  errorFrameShape,
  eventsSequencedAndTerminated,
  oneInFlight,
  lanesSideBySide,
  lanesContinueOwnLatest,
  lanesInvalidStreamId,
  providerContinuation,
];
