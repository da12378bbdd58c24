export { AZURE_HOST_CONVENTIONS } from './azure-host-conventions';
export type { ConnectionLimitOptions } from './connection-limit';
export {
  createResponsesEmulator,
  type ResponsesEmulator,
  type ResponsesEmulatorOptions,
} from './create-responses-emulator';
export { type DemoModelOptions, demoModel } from './demo-model';
export type {
  EmulatorFault,
  EmulatorMetrics,
  EmulatorModel,
  ErrorFrameShape,
  Item,
  ModelTurnInput,
  ModelTurnOutput,
  OutputSpec,
  RequestOutcome,
  RequestRecord,
  TimingOptions,
} from './emulator-types';
export type { AuthConvention, AuthRecord, HostConventions, KeyLimits } from './host-conventions';
export { replayModel } from './replay-model';
export { scriptedModel } from './scripted-model';
