import type { EmulatorModel } from './emulator-types';

/** A model scripted by a function of the effective input and the tools. Identity, for the types. */
export function scriptedModel(respond: EmulatorModel): EmulatorModel {
  return respond;
}
